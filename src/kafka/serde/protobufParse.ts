// The proto3 JSON mapping typed by a person → a plain object protobufjs's fromObject takes (proto field
// names; 64-bit integers as decimal strings so they stay exact), with every problem at its JSON Pointer.
// Accepts what Java's JsonFormat.parser() accepts: JSON or proto field names, integers as numbers or
// strings, enums by name or number, base64 (standard or URL-safe) bytes, and the well-known types' forms.
import * as protobuf from 'protobufjs';
import { kindName, ptr, wholeNumber, type JNode } from './jsonTree';
import { isLongType } from './protobufJson';
import type { SchemaFieldError } from './types';

type Errs = SchemaFieldError[];

const RANGES: Record<string, [bigint, bigint]> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n], sint32: [-(2n ** 31n), 2n ** 31n - 1n], sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n], fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n], sint64: [-(2n ** 63n), 2n ** 63n - 1n], sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n], fixed64: [0n, 2n ** 64n - 1n],
};
const FLOAT_WORDS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

function integer(type: string, n: JNode, path: string, errs: Errs): number | string | undefined {
  const text = n.k === 'num' ? n.text : n.k === 'str' ? n.v.trim() : undefined;
  if (text === undefined) return void errs.push({ path, message: `expected an ${type} (a whole number${isLongType(type) ? ', best as a "string" to keep it exact' : ''}), got ${kindName(n)}` });
  const w = wholeNumber(text);
  if (w === undefined) return void errs.push({ path, message: `${JSON.stringify(text)} is not a whole number; ${type} has no fraction` });
  const [lo, hi] = RANGES[type];
  if (w < lo || w > hi) return void errs.push({ path, message: `${text} is out of ${type}'s range ${lo}…${hi}` });
  return isLongType(type) ? w.toString() : Number(w);
}

function scalar(f: protobuf.Field, n: JNode, path: string, errs: Errs): unknown {
  const type = f.type;
  const r = f.resolvedType;
  if (r instanceof protobuf.Enum) {
    if (n.k === 'str' && n.v in r.values) return r.values[n.v];
    if (n.k === 'num' && wholeNumber(n.text) !== undefined) return Number(n.text);
    return void errs.push({ path, message: `${n.k === 'str' ? JSON.stringify(n.v) + ' is not' : `expected ${kindName(n)} to be`} a value of enum ${r.name}: ${Object.keys(r.values).map((x) => JSON.stringify(x)).join(', ')}` });
  }
  if (r instanceof protobuf.Type) return message(r, n, path, errs);
  if (type in RANGES) return integer(type, n, path, errs);
  switch (type) {
    case 'float': case 'double': {
      if (n.k === 'str' && n.v in FLOAT_WORDS) return FLOAT_WORDS[n.v];
      const x = n.k === 'num' ? Number(n.text) : n.k === 'str' && /^\s*-?\d/.test(n.v) ? Number(n.v) : NaN;
      if (Number.isNaN(x)) return void errs.push({ path, message: `expected a ${type} (a number, or "NaN", "Infinity", "-Infinity"), got ${kindName(n)}` });
      if (!Number.isFinite(x) || (type === 'float' && !Number.isFinite(Math.fround(x)))) return void errs.push({ path, message: `${n.k === 'num' ? n.text : n.k === 'str' ? n.v : ''} is out of ${type}'s range` });
      return x;
    }
    case 'bool': return n.k === 'bool' ? n.v : void errs.push({ path, message: `expected true or false, got ${kindName(n)}` });
    case 'string': return n.k === 'str' ? n.v : void errs.push({ path, message: `expected a string, got ${kindName(n)}` });
    case 'bytes': {
      if (n.k !== 'str' || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(n.v) || n.v.replace(/=+$/, '').length % 4 === 1) return void errs.push({ path, message: `expected bytes as a base64 string (e.g. "AAE="), got ${n.k === 'str' ? JSON.stringify(n.v) : kindName(n)}` });
      return Buffer.from(n.v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    }
    default: return void errs.push({ path, message: `field type ${type} is not supported` });
  }
}

function timestamp(n: JNode, path: string, errs: Errs): unknown {
  const m = n.k === 'str' ? /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(n.v) : null;
  const ms = m ? Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[8]}`) : NaN;
  if (!m || Number.isNaN(ms)) return void errs.push({ path, message: 'expected a google.protobuf.Timestamp as an RFC 3339 string, e.g. "2024-05-01T12:00:00.250Z"' });
  return { seconds: String(ms / 1000), nanos: Number((m[7] ?? '').padEnd(9, '0')) };
}

function duration(n: JNode, path: string, errs: Errs): unknown {
  const m = n.k === 'str' ? /^(-?)(\d+)(?:\.(\d{1,9}))?s$/.exec(n.v) : null;
  if (!m) return void errs.push({ path, message: 'expected a google.protobuf.Duration as a string of seconds, e.g. "1.5s"' });
  const nanos = Number((m[3] ?? '').padEnd(9, '0'));
  return { seconds: `${m[1]}${m[2]}`, nanos: m[1] ? -nanos : nanos };
}

function value(n: JNode): unknown {
  switch (n.k) {
    case 'null': return { nullValue: 0 };
    case 'num': return { numberValue: Number(n.text) };
    case 'str': return { stringValue: n.v };
    case 'bool': return { boolValue: n.v };
    case 'arr': return { listValue: { values: n.items.map(value) } };
    case 'obj': return { structValue: { fields: Object.fromEntries([...n.entries].map(([k, v]) => [k, value(v)])) } };
  }
}

function wellKnown(t: protobuf.Type, n: JNode, path: string, errs: Errs): { v: unknown } | undefined {
  const name = t.fullName;
  if (name === '.google.protobuf.Timestamp') return { v: timestamp(n, path, errs) };
  if (name === '.google.protobuf.Duration') return { v: duration(n, path, errs) };
  if (/^\.google\.protobuf\.(Double|Float|U?Int64|U?Int32|Bool|String|Bytes)Value$/.test(name)) return { v: { value: scalar(t.fields.value, n, path, errs) } };
  if (name === '.google.protobuf.Value') return { v: value(n) };
  if (name === '.google.protobuf.Struct') return n.k === 'obj' ? { v: (value(n) as { structValue: unknown }).structValue } : { v: void errs.push({ path, message: `expected an object (google.protobuf.Struct), got ${kindName(n)}` }) };
  if (name === '.google.protobuf.ListValue') return n.k === 'arr' ? { v: (value(n) as { listValue: unknown }).listValue } : { v: void errs.push({ path, message: `expected an array (google.protobuf.ListValue), got ${kindName(n)}` }) };
  if (name === '.google.protobuf.FieldMask') {
    if (n.k !== 'str') return { v: void errs.push({ path, message: 'expected a google.protobuf.FieldMask as a string, e.g. "user.displayName,photo"' }) };
    return { v: { paths: n.v === '' ? [] : n.v.split(',').map((p) => p.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)) } };
  }
  return undefined;
}

/** One message: its members matched to fields by JSON or proto name, oneofs with one member at most. */
export function message(t: protobuf.Type, n: JNode, path: string, errs: Errs): unknown {
  const wk = wellKnown(t, n, path, errs);
  if (wk) return wk.v;
  if (n.k !== 'obj') return void errs.push({ path, message: `expected an object (message ${t.fullName.slice(1)}), got ${kindName(n)}` });
  const out: Record<string, unknown> = {};
  const oneofSeen = new Map<string, string>();
  for (const [key, x] of n.entries) {
    const p = ptr(path, key);
    const f = t.fieldsArray.find((y) => (y.jsonName ?? y.name) === key) ?? t.fieldsArray.find((y) => y.name === key);
    if (!f) {
      errs.push({ path: p, message: `message ${t.fullName.slice(1)} has no field "${key}"; its fields: ${t.fieldsArray.map((y) => y.jsonName ?? y.name).join(', ')}` });
      continue;
    }
    if (x.k === 'null' && f.resolvedType?.fullName !== '.google.protobuf.Value') continue; // null = not set, as JsonFormat reads it
    if (f.partOf && f.partOf.fieldsArray.length > 1) {
      const other = oneofSeen.get(f.partOf.name);
      if (other) errs.push({ path: p, message: `only one of oneof ${f.partOf.name} may be set: "${other}" is set already` });
      oneofSeen.set(f.partOf.name, key);
    }
    if (f.map) {
      const kt = (f as unknown as protobuf.MapField).keyType;
      if (x.k !== 'obj') { errs.push({ path: p, message: `expected an object (map<${kt}, …>), got ${kindName(x)}` }); continue; }
      const m: Record<string, unknown> = {};
      for (const [k, v] of x.entries) {
        if (kt in RANGES && integer(kt, { k: 'str', v: k }, ptr(p, k), errs) === undefined) continue;
        if (kt === 'bool' && k !== 'true' && k !== 'false') { errs.push({ path: ptr(p, k), message: 'a map<bool, …> key is "true" or "false"' }); continue; }
        m[k] = scalar(f, v, ptr(p, k), errs);
      }
      out[f.name] = m;
    } else if (f.repeated) {
      if (x.k !== 'arr') { errs.push({ path: p, message: `expected an array (repeated ${f.type}), got ${kindName(x)}` }); continue; }
      out[f.name] = x.items.map((v, i) => scalar(f, v, ptr(p, i), errs));
    } else out[f.name] = scalar(f, x, p, errs);
  }
  return out;
}
