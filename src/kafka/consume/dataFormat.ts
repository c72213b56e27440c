// The key/value formats (DataFormat) as a person writes them in settings and sees them in pickers:
// "auto", "registry", a primitive ("int64", "string", …), or a local schema file ("/path/order.avsc",
// "/path/shop.proto#shop.Order"). Parsing says what was wrong and what would work.
import { isPrimitiveFormat, PRIMITIVE_FORMATS, PrimitiveFormat } from '../rules/primitiveFormats';
import type { DataFormat } from '../serde/types';

/** What each primitive format reads, as Kafka's own Serdes write it. */
export const PRIMITIVE_DESCRIPTIONS: Record<PrimitiveFormat, string> = {
  string: 'UTF-8 text (StringSerializer)',
  int16: 'big-endian 2-byte integer (ShortSerializer)',
  int32: 'big-endian 4-byte integer (IntegerSerializer)',
  int64: 'big-endian 8-byte integer (LongSerializer)',
  float32: 'big-endian 4-byte float (FloatSerializer)',
  float64: 'big-endian 8-byte float (DoubleSerializer)',
  hex: 'the raw bytes in hex',
  base64: 'the raw bytes in base64',
};

/** A format as settings and remembered choices hold it: the inverse of parseDataFormat. */
export function dataFormatText(f: DataFormat): string {
  switch (f.kind) {
    case 'auto': return 'auto';
    case 'registry': return 'registry';
    case 'primitive': return f.format;
    case 'schema-file': return f.messageName ? `${f.path}#${f.messageName}` : f.path;
  }
}

/** A short description for quick picks and the channel's first line. */
export function describeDataFormat(f: DataFormat): string {
  switch (f.kind) {
    case 'auto': return 'auto';
    case 'registry': return 'Schema Registry';
    case 'primitive': return f.format;
    case 'schema-file': return `schema file ${f.path.replace(/^.*[\\/]/, '')}${f.messageName ? ` (${f.messageName})` : ''}`;
  }
}

export function parseDataFormat(text: string): { value: DataFormat } | { error: string } {
  const s = text.trim();
  if (s === '' || s.toLowerCase() === 'auto') return { value: { kind: 'auto' } };
  if (s.toLowerCase() === 'registry') return { value: { kind: 'registry' } };
  if (isPrimitiveFormat(s.toLowerCase())) return { value: { kind: 'primitive', format: s.toLowerCase() as PrimitiveFormat } };
  const m = /^(.*\.(avsc|proto))(?:#([A-Za-z_][\w.]*))?$/i.exec(s);
  if (m) {
    if (m[3] && m[2].toLowerCase() !== 'proto') return { error: `"#${m[3]}" names a Protobuf message, but ${m[1]} is an Avro schema: leave it out` };
    return { value: { kind: 'schema-file', path: m[1], ...(m[3] ? { messageName: m[3] } : {}) } };
  }
  return {
    error: `"${s}" is not a format: write auto, registry, one of ${PRIMITIVE_FORMATS.join(', ')}, ` +
      'or the path of a .avsc or .proto file (a .proto may name its message: shop.proto#shop.Order)',
  };
}

/** A setting's value: a valid format, or auto (the caller reports the problem with the setting's name). */
export function dataFormatSetting(raw: unknown): { value: DataFormat; error?: string } {
  if (raw === undefined || raw === null) return { value: { kind: 'auto' } };
  if (typeof raw !== 'string') return { value: { kind: 'auto' }, error: `is ${JSON.stringify(raw)}, not a string such as "auto", "registry" or "int64"` };
  const p = parseDataFormat(raw);
  return 'error' in p ? { value: { kind: 'auto' }, error: p.error } : p;
}

/** A DataFormat from untrusted data (a remembered choice, a webview message); undefined when it is not one. */
export function asDataFormat(raw: unknown): DataFormat | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  switch (o.kind) {
    case 'auto': return { kind: 'auto' };
    case 'registry': return { kind: 'registry' };
    case 'primitive': return typeof o.format === 'string' && isPrimitiveFormat(o.format) ? { kind: 'primitive', format: o.format } : undefined;
    case 'schema-file':
      if (typeof o.path !== 'string' || !/\.(avsc|proto)$/i.test(o.path)) return undefined;
      return { kind: 'schema-file', path: o.path, ...(typeof o.messageName === 'string' && o.messageName ? { messageName: o.messageName } : {}) };
    default: return undefined;
  }
}
