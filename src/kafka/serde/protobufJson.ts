// A decoded protobufjs message → the proto3 JSON mapping as Confluent's protobuf console consumer prints it
// (Java's JsonFormat.printer().includingDefaultValueFields().omittingInsignificantWhitespace()): fields in
// field-number order under their JSON names, implicit-presence fields with their defaults, 64-bit integers as
// strings (exact), bytes as base64, enums by name, and the well-known types in their special forms.
import * as protobuf from 'protobufjs';
import { float32Text, float64Text } from '../rules/primitiveFormats';

type Msg = Record<string, unknown>;

const LONGS = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const UNSIGNED = new Set(['uint64', 'fixed64']);

export const isLongType = (t: string): boolean => LONGS.has(t);

function longText(v: unknown, type: string): string {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  const l = v as { low: number; high: number; unsigned?: boolean };
  const n = (BigInt(l.high >>> 0) << 32n) | BigInt(l.low >>> 0);
  return (UNSIGNED.has(type) ? n : BigInt.asIntN(64, n)).toString();
}

const special = (s: string): string => (/^(-?Infinity|NaN)$/.test(s) ? JSON.stringify(s) : s);

function scalarText(type: string, v: unknown, resolved: protobuf.ReflectionObject | null): string {
  if (resolved instanceof protobuf.Enum) {
    const name = resolved.valuesById[v as number];
    return name !== undefined ? JSON.stringify(name) : String(v);
  }
  if (resolved instanceof protobuf.Type) return messageText(resolved, v as Msg);
  if (LONGS.has(type)) return JSON.stringify(longText(v, type));
  switch (type) {
    case 'float': return special(float32Text(v as number));
    case 'double': return special(float64Text(v as number));
    case 'bool': return String(v);
    case 'string': return JSON.stringify(v);
    case 'bytes': return JSON.stringify(Buffer.from(v as Uint8Array).toString('base64'));
    default: return String(v);
  }
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  if (nanos % 1e6 === 0) return `.${pad(nanos / 1e6, 3)}`;
  if (nanos % 1e3 === 0) return `.${pad(nanos / 1e3, 6)}`;
  return `.${pad(nanos, 9)}`;
}

const fieldOf = (m: Msg, name: string): unknown => m[name];

function wellKnown(t: protobuf.Type, m: Msg): string | undefined {
  switch (t.fullName) {
    case '.google.protobuf.Timestamp': {
      const secs = Number(longText(fieldOf(m, 'seconds') ?? 0, 'int64'));
      const d = new Date(secs * 1000);
      const iso = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}T${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
      return JSON.stringify(`${iso}${fraction(Number(fieldOf(m, 'nanos') ?? 0))}Z`);
    }
    case '.google.protobuf.Duration': {
      const secs = BigInt(longText(fieldOf(m, 'seconds') ?? 0, 'int64'));
      const nanos = Number(fieldOf(m, 'nanos') ?? 0);
      const neg = secs < 0n || nanos < 0;
      return JSON.stringify(`${neg ? '-' : ''}${(secs < 0n ? -secs : secs).toString()}${fraction(Math.abs(nanos))}s`);
    }
    case '.google.protobuf.DoubleValue': case '.google.protobuf.FloatValue': case '.google.protobuf.Int64Value':
    case '.google.protobuf.UInt64Value': case '.google.protobuf.Int32Value': case '.google.protobuf.UInt32Value':
    case '.google.protobuf.BoolValue': case '.google.protobuf.StringValue': case '.google.protobuf.BytesValue': {
      const f = t.fields.value;
      return scalarText(f.type, m.value ?? f.typeDefault, f.resolvedType);
    }
    case '.google.protobuf.Struct': {
      const fields = (m.fields ?? {}) as Record<string, Msg>;
      const vt = t.fields.fields.resolvedType as protobuf.Type;
      return `{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${messageText(vt, v)}`).join(',')}}`;
    }
    case '.google.protobuf.Value': {
      if ('nullValue' in m || 'null_value' in m) return 'null';
      for (const [name, f] of Object.entries(t.fields)) if (m[name] !== undefined && m[name] !== null) return scalarText(f.type, m[name], f.resolvedType);
      return 'null';
    }
    case '.google.protobuf.ListValue': {
      const vt = t.fields.values.resolvedType as protobuf.Type;
      return `[${((m.values ?? []) as Msg[]).map((v) => messageText(vt, v)).join(',')}]`;
    }
    case '.google.protobuf.FieldMask':
      return JSON.stringify(((m.paths ?? []) as string[]).map((p) => p.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())).join(','));
    case '.google.protobuf.Any': {
      const url = String(m.type_url ?? '');
      const inner = t.root.lookup(url.slice(url.lastIndexOf('/') + 1));
      if (!(inner instanceof protobuf.Type)) throw new Error(`Any holds ${url}, which this schema does not know`);
      const body = messageText(inner, inner.decode((m.value ?? new Uint8Array()) as Uint8Array) as unknown as Msg);
      const wk = wellKnown(inner, {}) !== undefined && inner.fullName !== '.google.protobuf.Empty';
      return wk ? `{"@type":${JSON.stringify(url)},"value":${body}}` : `{"@type":${JSON.stringify(url)}${body === '{}' ? '' : ',' + body.slice(1, -1)}}`;
    }
    default: return undefined;
  }
}

export function messageText(t: protobuf.Type, m: Msg): string {
  const wk = wellKnown(t, m);
  if (wk !== undefined) return wk;
  const parts: string[] = [];
  for (const f of [...t.fieldsArray].sort((a, b) => a.id - b.id)) {
    const v = m[f.name];
    const key = JSON.stringify(f.jsonName ?? f.name);
    if (f.map) {
      const mf = f as unknown as protobuf.MapField;
      const entries = Object.entries((v ?? {}) as Record<string, unknown>);
      parts.push(`${key}:{${entries.map(([k, x]) => `${JSON.stringify(LONGS.has(mf.keyType) && k.length === 8 && /[^\d-]/.test(k) ? longText(protobuf.util.LongBits.fromHash(k).toLong(UNSIGNED.has(mf.keyType)), mf.keyType) : k)}:${scalarText(f.type, x, f.resolvedType)}`).join(',')}}`);
    } else if (f.repeated) {
      parts.push(`${key}:[${((v ?? []) as unknown[]).map((x) => scalarText(f.type, x, f.resolvedType)).join(',')}]`);
    } else if (f.hasPresence || f.resolvedType instanceof protobuf.Type) {
      if (v !== undefined && v !== null && Object.prototype.hasOwnProperty.call(m, f.name)) parts.push(`${key}:${scalarText(f.type, v, f.resolvedType)}`);
    } else {
      parts.push(`${key}:${scalarText(f.type, v ?? f.typeDefault ?? (f.resolvedType instanceof protobuf.Enum ? 0 : f.typeDefault), f.resolvedType)}`);
    }
  }
  return `{${parts.join(',')}}`;
}
