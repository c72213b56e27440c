// A record as the browser shows it: a one-line row (previews cut, so 100,000 rows stay cheap to page) and
// the full detail (pretty JSON with exact digits, text, or a hex dump for bytes that are not text). The
// markers are the consumer's («null», «empty», «hex:…»): one vocabulary across the extension.
import { prettyJson } from '../kafka/rules/prettyJson';
import { recordSize } from '../kafka/rules/recordFilter';
import { asText, ConsumedRecord, DecodedLabel, DecodedPart, formatDecoded, formatValue, headerList, labelText, MARK, RecordDecoding } from '../kafka/rules/recordFormat';
import { DetailView, RowView, Shown, VALUE_PREVIEW_CHARS } from './protocol';

/** The optional fields CORE adds to ConsumedRecord (batch attributes); absent on older deliveries. */
export type BrowsedRecord = ConsumedRecord & { timestampType?: string; compression?: string };

const ONE_LINE = { timestamp: false, partition: false, offset: false, key: false, headers: false, value: 'auto', binary: 'hex', prettyJson: false, showAbsent: false } as const;

/** A preview on one line, at most `max` characters (with … when cut). */
function preview(b: Buffer | null, max: number, d?: DecodedPart): string {
  if (b === null) return MARK.null;
  // Formatting more than a few KiB to show 200 characters is waste; formatValue cuts at a character boundary.
  const opts = { ...ONE_LINE, maxValueBytes: Math.max(16, max * 4) };
  const s = (d ? formatDecoded(b, d, opts, true) : formatValue(b, opts)).replace(/\r?\n/g, ' ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

const headerCount = (h: ConsumedRecord['headers']): number =>
  Object.values(h).reduce<number>((n, v) => n + (Array.isArray(v) ? v.length : v === undefined ? 0 : 1), 0);

export function toRow(i: number, r: ConsumedRecord, dec?: RecordDecoding): RowView {
  return {
    i, partition: r.partition, offset: r.offset, timestamp: r.timestamp,
    key: preview(r.key, 80, dec?.key), value: preview(r.value, VALUE_PREVIEW_CHARS, dec?.value), tombstone: r.value === null,
    headers: headerCount(r.headers), size: recordSize(r),
  };
}

/** Classic hex dump: offset, 16 bytes in hex, the printable ASCII. */
export function hexDump(b: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < b.length; o += 16) {
    const chunk = b.subarray(o, o + 16);
    const hex = [...chunk].map((x) => x.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...chunk].map((x) => (x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '.')).join('');
    lines.push(`${o.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join('\n');
}

function isJson(t: string): boolean {
  const c = t.trimStart()[0];
  if (c !== '{' && c !== '[') return false;
  try {
    JSON.parse(t); // only to know it is JSON: the text shown is the original, re-indented
    return true;
  } catch {
    return false;
  }
}

/** "Avro orders-value v3 id 7", "Protobuf shop.Order orders-value v1 id 9", "JSON Schema id 4", "Avro file order.avsc". */
export function schemaTitle(l: DecodedLabel): string {
  const name: Record<string, string> = { AVRO: 'Avro', PROTOBUF: 'Protobuf', JSON: 'JSON Schema' };
  const rest = labelText(l).split(' ').slice(1).join(' ');
  return `${name[l.type] ?? l.type}${rest ? ` ${rest}` : ''}`;
}

export function shown(b: Buffer | string | null | undefined, d?: DecodedPart): Shown {
  if (b === null || b === undefined) return { kind: 'null', text: MARK.null, bytes: 0 };
  const buf = typeof b === 'string' ? Buffer.from(b, 'utf8') : b;
  if (buf.length === 0 && !d) return { kind: 'empty', text: MARK.empty, bytes: 0 };
  if (d && !d.ok) return { kind: 'binary', text: hexDump(buf), bytes: buf.length, marker: d.marker };
  if (d && 'json' in d) return { kind: 'json', text: prettyJson(d.json, 2, false), bytes: buf.length, decodedWith: schemaTitle(d.schema) };
  if (d && 'primitive' in d) {
    if (d.primitive === 'hex') return { kind: 'binary', text: hexDump(buf), bytes: buf.length, decodedWith: d.primitive };
    if (d.primitive === 'base64') return { kind: 'text', text: buf.toString('base64'), bytes: buf.length, decodedWith: d.primitive };
    return { kind: 'text', text: d.text, bytes: buf.length, decodedWith: d.primitive };
  }
  const t = typeof b === 'string' ? b : asText(buf);
  if (t === undefined) return { kind: 'binary', text: hexDump(buf), bytes: buf.length };
  if (isJson(t)) return { kind: 'json', text: prettyJson(t, 2, false), bytes: buf.length };
  return { kind: 'text', text: t, bytes: buf.length };
}

export function toDetail(i: number, r: BrowsedRecord, dec?: RecordDecoding): DetailView {
  return {
    i, partition: r.partition, offset: r.offset, timestamp: r.timestamp, timestampType: r.timestampType, compression: r.compression,
    size: recordSize(r), key: shown(r.key, dec?.key), value: shown(r.value, dec?.value), headers: headerList(r.headers).map(([name, v]) => ({ name, value: shown(v) })),
  };
}

/** Bytes as JSON: text when it is valid UTF-8 text, else base64 with its encoding named. */
function bytesJson(b: Buffer | string | null): unknown {
  if (b === null) return null;
  if (typeof b === 'string') return b;
  const t = asText(b);
  return t === undefined ? { base64: b.toString('base64') } : t;
}

/**
 * The whole record as JSON text. A JSON value stays JSON, with its exact digits (spliced in as written,
 * not re-serialized); text is a string; bytes that are not text are {"base64": …}.
 */
export function recordJson(topic: string, r: BrowsedRecord): string {
  const valueText = r.value === null ? undefined : asText(r.value);
  const jsonValue = valueText !== undefined && isJson(valueText);
  const obj = {
    topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp,
    ...(r.timestampType ? { timestampType: r.timestampType } : {}),
    key: bytesJson(r.key),
    headers: headerList(r.headers).map(([name, v]) => ({ name, value: bytesJson(v) })),
    value: jsonValue ? '\u0000VALUE\u0000' : bytesJson(r.value),
  };
  const text = JSON.stringify(obj, null, 2);
  return jsonValue ? text.replace('"\\u0000VALUE\\u0000"', () => prettyJson(valueText as string, 2, false).replace(/\n/g, '\n  ')) : text;
}
