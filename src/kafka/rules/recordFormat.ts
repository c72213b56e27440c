// Turns a consumed record into the text shown in the Output panel. Bytes are never guessed at:
// a value is shown as text only when it is valid UTF-8 without control characters, as re-indented
// JSON when it also parses as JSON (the original text, never a re-serialized value: JSON.stringify
// would round 64-bit ids, drop trailing zeros and duplicated keys, and turn 1e400 into null), and
// otherwise as hex or base64 — so no mojibake and no exception, whatever the producer wrote.
//
// What Kafka Dev adds is written between « and » («null», «empty», «hex:00ff», «… 12 bytes not shown»),
// and data can never produce those: a key or header shown escaped writes « as \u00ab, and a value that
// contains « (or starts with a double quote, or with key=) is shown as a quoted JSON string.

import { prettyJson } from './prettyJson';
import { indentJsonInto, prettyJsonBytes } from './prettyJsonBytes';
import type { LineBytes } from './lineBytes';
import { positionInto, timestampInto } from './prefixBytes';
import { cachedInto, decodedJsonInto, directJsonInto, type DirectJson } from './decodedBytes';
import { schemaLabelText, type SchemaLabelFields } from './schemaLabel';
import { DEFAULT_FORMAT, FormatOptions } from './formatOptions';
import { count } from './countText';

export type { ConsumedRecord } from './consumedRecord';
import type { ConsumedRecord } from './consumedRecord';

/**
 * A record that can say where its value's bytes lie (LeanRecord: in its batch), so that the formatter reads
 * them there rather than through a Buffer made for each record. valueStart is -1 for a null value.
 */
export interface ValueInPlace {
  /** The buffer holding the value, null when the value is null; valueStart/valueEnd are then set. */
  valueSource(): Buffer | null;
  readonly valueStart: number;
  readonly valueEnd: number;
}

export { DEFAULT_FORMAT, formatOptionsFrom } from './formatOptions';
export type { FormatOptions, ValueMode } from './formatOptions';

export { count } from './countText';

/** The markers: text in « », which data never shows unescaped. */
export const MARK = {
  null: '«null»',
  empty: '«empty»',
  binary: (how: 'hex' | 'base64', b: Buffer): string => `«${how}:${b.toString(how)}»`,
  cut: (bytes: number): string => `«… ${count(bytes)} byte${bytes === 1 ? '' : 's'} not shown»`,
  /** Which schema the JSON after it was decoded with: «avro orders-value v3 id 7». */
  schema: (label: DecodedLabel): string => `«${markerText(labelText(label))}»`,
  /** Why a key/value could not be decoded; its raw bytes follow. */
  failed: (why: string): string => failedText(why),
};

// A failure's marker is the same for every record its schema fails (a key that is no schema's bytes, in
// every record of a topic): its text is kept rather than escaped again. Bounded: error texts may vary.
const failedCache = new Map<string, string>();
function failedText(why: string): string {
  let t = failedCache.get(why);
  if (t === undefined) {
    if (failedCache.size >= 64) failedCache.clear();
    t = `«${markerText(why)}»`;
    failedCache.set(why, t);
  }
  return t;
}

/** A marker's text never closes (or opens) a marker early: « and » inside it are shown as ‹ and ›. */
const markerText = (t: string): string => t.replace(/«/g, '‹').replace(/»/g, '›').replace(/[\r\n]+/g, ' ');

/** Which schema a key/value was read with (src/kafka/serde/types.ts's SchemaLabel, which rules/ cannot import). */
export type DecodedLabel = SchemaLabelFields;

/**
 * What a decoder made of a key or value: src/kafka/serde/types.ts's Decoded (schema-decoded JSON, or a
 * failure with its marker), or the text of a primitive format (int64 → "42", string → the text).
 */
export type DecodedPart =
  | { ok: true; json: string; schema: DecodedLabel }
  | { ok: false; marker: string; schema?: DecodedLabel }
  | { ok: true; primitive: string; text: string }
  /** Not read yet: the consumer's Output path writes it from its bytes (src/kafka/rules/decodedBytes.ts). */
  | { ok: true; direct: DirectJson; schema: DecodedLabel };

/** The decoded key and value of one record; an absent side is shown as it always was. */
export interface RecordDecoding {
  key?: DecodedPart;
  value?: DecodedPart;
}

/** `avro orders-value v3 id 7`, `protobuf shop.Order orders-value v1 id 9`, `avro file order.avsc` (a file by its name only). */
export const labelText = (l: DecodedLabel): string => schemaLabelText(l.file !== undefined ? { ...l, file: l.file.replace(/^.*[\\/]/, '') } : l);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A record's headers as [name, value] pairs in order, a repeated name once per value. */
export function headerList(h: ConsumedRecord['headers']): Array<[string, Buffer | string]> {
  const out: Array<[string, Buffer | string]> = [];
  for (const [k, v] of Object.entries(h)) for (const one of Array.isArray(v) ? v : [v]) if (one !== undefined) out.push([k, one]);
  return out;
}

/** Valid UTF-8 with no control characters other than tab/newline/CR; undefined otherwise. */
export function asText(b: Buffer): string | undefined {
  let s: string;
  try {
    s = utf8.decode(b);
  } catch {
    return undefined;
  }
  // C0 controls (except \t \n \r), DEL, C1 controls: a terminal would show garbage or nothing.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(s)) return undefined;
  // A BOM is legal UTF-8 but invisible; keep the text, drop the mark.
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

function looksLikeJson(s: string): boolean {
  const c = s.trimStart()[0];
  return c === '{' || c === '[';
}

/** Keys and header values: short, one line, escaped like a JSON string's body (« too). */
function formatSmall(b: Buffer | string | null | undefined, opts: FormatOptions): string {
  if (b === null || b === undefined) return MARK.null;
  const t = typeof b === 'string' ? b : asText(b);
  if (t === undefined) return MARK.binary(opts.binary, b as Buffer);
  if (t === '') return MARK.empty;
  // Escape newlines and tabs so a key or header never breaks the line structure.
  return JSON.stringify(t).slice(1, -1).replace(/«/g, '\\u00ab');
}

/** A text value as shown: as it is, unless it could be read as a marker or as the key of the line. */
function showText(t: string): string {
  return t.includes('«') || t.startsWith('"') || t.startsWith('key=') ? JSON.stringify(t) : t;
}

/** Where to cut so that no UTF-8 character is split: back to the start of the character at `max`. */
function cutPoint(b: Buffer, max: number): number {
  let at = max;
  // 10xxxxxx is a continuation byte; a character has at most 3 of them.
  while (at > 0 && max - at < 3 && (b[at] & 0xc0) === 0x80) at--;
  return (b[at] & 0xc0) === 0x80 ? max : at;
}

/** Whether formatValue tries the one-pass JSON path first. */
const jsonFirst = (v: Buffer, opts: FormatOptions): boolean => (opts.value === 'auto' || opts.value === 'json') && v.length <= opts.maxValueBytes;

export function formatValue(v: Buffer | null, opts: FormatOptions): string {
  if (v === null) return MARK.null;
  if (v.length === 0) return MARK.empty;
  if (jsonFirst(v, opts)) {
    // JSON objects and arrays checked and re-indented in one pass over the bytes; what that pass is not
    // sure of (text, binary, a BOM…) goes the general way, which gives the same for what it takes.
    const fast = prettyJsonBytes(v, opts.prettyJson ? 2 : 0);
    if (fast !== undefined) return fast;
  }
  return formatValueGeneral(v, opts);
}

/** formatValue for a non-empty value, without the one-pass JSON path. */
function formatValueGeneral(v: Buffer, opts: FormatOptions): string {
  const forced = opts.value === 'hex' || opts.value === 'base64' ? opts.value : undefined;
  if (v.length > opts.maxValueBytes) {
    const full = forced ? undefined : asText(v);
    // Text is cut at a character boundary (so the count is exact); bytes anywhere.
    const at = full !== undefined ? cutPoint(v, opts.maxValueBytes) : opts.maxValueBytes;
    const head = v.subarray(0, at);
    const cut = ` ${MARK.cut(v.length - at)}`;
    return (full !== undefined ? showText(asText(head) ?? head.toString('utf8')) : MARK.binary(forced ?? opts.binary, head)) + cut;
  }
  if (forced) return MARK.binary(forced, v);
  const t = asText(v);
  if (t === undefined) return MARK.binary(opts.binary, v);
  if ((opts.value === 'auto' || opts.value === 'json') && looksLikeJson(t)) {
    let valid = true;
    try {
      JSON.parse(t); // only to know it is JSON: the parsed value is never shown
    } catch {
      valid = false; // not JSON after all: shown as the text it is
    }
    if (valid) return prettyJson(t, opts.prettyJson ? 2 : 0, false);
  }
  return showText(t);
}

/**
 * A decoded key or value: «schema label» then its JSON (pretty for a value when asked, compact for a key,
 * exact digits either way); a primitive's text; or, when it could not be decoded, the marker saying why
 * followed by the raw bytes, so nothing is lost.
 */
export function formatDecoded(b: Buffer, part: DecodedPart, opts: FormatOptions, isValue: boolean): string {
  const d = part.ok && 'direct' in part ? part.direct.resolve() : part;
  if (!d.ok) return `${MARK.failed(d.marker)} ${isValue ? formatValue(b, { ...opts, value: opts.binary }) : MARK.binary(opts.binary, b)}`;
  if ('primitive' in d) {
    if (d.primitive === 'hex' || d.primitive === 'base64') return isValue ? formatValue(b, { ...opts, value: d.primitive }) : MARK.binary(d.primitive, b);
    if (d.primitive === 'string') return isValue ? formatValue(b, { ...opts, value: 'text' }) : formatSmall(d.text, opts);
    return d.text; // a number: digits, a sign, a point, an exponent, Infinity or NaN, nothing a marker could be read in
  }
  return `${MARK.schema(d.schema)} ${decodedJsonText(d.json, isValue && opts.prettyJson ? 2 : 0)}`;
}

/** « appears only inside JSON strings, where \u00ab is the same character: data never opens a marker. */
const decodedJsonText = (json: string, indent: number): string => prettyJson(json, indent, false).replace(/«/g, '\\u00ab');

function formatHeaders(h: ConsumedRecord['headers'], opts: FormatOptions): string {
  let out = '';
  // for…in rather than Object.entries: most records have no headers, and this makes no array for them.
  for (const k in h) {
    if (!Object.prototype.hasOwnProperty.call(h, k)) continue;
    const v = h[k];
    const vals = Array.isArray(v) ? v : [v];
    for (const one of vals) out += `${out ? ', ' : ''}${formatSmall(k, opts)}=${formatSmall(one, opts)}`;
  }
  return out ? `{${out}}` : '';
}

// Records of one batch mostly share their timestamp: remember the last one formatted.
let lastTs = '';
let lastIso = '';

function isoTime(ms: string): string {
  if (ms === lastTs) return lastIso;
  const n = Number(ms);
  // -1 = no timestamp (old message format); anything unrepresentable is shown raw.
  const iso = !Number.isFinite(n) || n < 0 || n > 8.64e15 ? `ts=${ms}` : new Date(n).toISOString();
  lastTs = ms;
  lastIso = iso;
  return iso;
}

/** The prefix of a record's line, with the space after it ('' when every prefix field is off). */
function recordPrefix(r: ConsumedRecord, opts: FormatOptions, decoded: RecordDecoding | undefined): string {
  // Each field read once (a decoder may compute offset and timestamp on access), the prefix built as one
  // string: this runs for every record shown.
  let pre = '';
  if (opts.timestamp) pre = `${isoTime(r.timestamp)} `;
  if (opts.partition && opts.offset) pre += `p${r.partition}@${r.offset} `;
  else if (opts.partition) pre += `p${r.partition} `;
  else if (opts.offset) pre += `@${r.offset} `;
  const key = r.key;
  if (opts.key && (key !== null || opts.showAbsent)) {
    pre += `key=${decoded?.key && key !== null ? formatDecoded(key, decoded.key, opts, false) : formatSmall(key, opts)} `;
  }
  if (opts.headers) {
    const h = formatHeaders(r.headers, opts);
    if (h || opts.showAbsent) pre += `${h || '{}'} `;
  }
  return pre;
}

/** The prefix (timestamp, partition, offset, key, headers) followed by the value. No trailing newline. */
export function formatRecord(r: ConsumedRecord, opts: FormatOptions = DEFAULT_FORMAT, decoded?: RecordDecoding): string {
  const pre = recordPrefix(r, opts, decoded);
  const v = r.value;
  return pre + (decoded?.value && v !== null ? formatDecoded(v, decoded.value, opts, true) : formatValue(v, opts));
}

/** recordPrefix appended to `out` as UTF-8, its timestamp and position as bytes; returns its length in UTF-16 units. */
function prefixInto(out: LineBytes, r: ConsumedRecord, opts: FormatOptions, decoded: RecordDecoding | undefined): number {
  let units = opts.timestamp ? timestampInto(out, r.timestamp) : 0;
  units += positionInto(out, r.partition, r.offset, opts.partition, opts.offset);
  const key = r.key;
  if (opts.key && (key !== null || opts.showAbsent)) {
    units += out.write(`key=${decoded?.key && key !== null ? formatDecoded(key, decoded.key, opts, false) : formatSmall(key, opts)} `);
  }
  if (opts.headers) {
    const h = formatHeaders(r.headers, opts);
    if (h || opts.showAbsent) units += out.write(`${h || '{}'} `);
  }
  return units;
}

/**
 * formatRecord's line appended to `out` as UTF-8 (no newline); returns its length as a string counts it.
 * A JSON value goes from the record's bytes to `out` without becoming a string of its own.
 */
export function formatRecordInto(out: LineBytes, r: ConsumedRecord, opts: FormatOptions = DEFAULT_FORMAT, decoded?: RecordDecoding): number {
  const units = prefixInto(out, r, opts, decoded);
  let d = decoded?.value;
  if (d !== undefined && d.ok && 'direct' in d && r.value !== null) {
    const schema = d.schema;
    const shown = directJsonInto(out, d, opts.prettyJson ? 2 : 0, () => `${MARK.schema(schema)} `);
    if (shown >= 0) return units + shown;
    d = d.direct.resolve();
  }
  if (d === undefined && typeof (r as Partial<ValueInPlace>).valueSource === 'function') {
    // The JSON re-indented where the value lies: no Buffer per record. What it leaves goes the way below.
    const place = r as ConsumedRecord & ValueInPlace;
    const src = place.valueSource();
    const len = place.valueEnd - place.valueStart;
    if (src !== null && len > 0 && (opts.value === 'auto' || opts.value === 'json') && len <= opts.maxValueBytes) {
      const json = indentJsonInto(src, opts.prettyJson ? 2 : 0, out, place.valueStart, place.valueEnd);
      if (json >= 0) return units + json;
    }
  }
  // Read only now: a record decoded from a batch makes its value Buffer when asked.
  const v = r.value;
  if (d !== undefined && v !== null) {
    if (!d.ok || !('json' in d)) return units + out.write(formatDecoded(v, d, opts, true));
    // formatDecoded's «label» + JSON, as bytes: the label's made once per schema, the JSON re-indented
    // from bytes; what decodedJsonInto leaves (« in the text, a bare scalar…) goes the string way.
    const label = cachedInto(out, d.schema, () => `${MARK.schema(d.schema)} `);
    const indent = opts.prettyJson ? 2 : 0;
    const json = decodedJsonInto(out, d.json, indent);
    return units + label + (json >= 0 ? json : out.write(decodedJsonText(d.json, indent)));
  }
  if (v === null || v.length === 0 || !jsonFirst(v, opts)) return units + out.write(formatValue(v, opts));
  const json = indentJsonInto(v, opts.prettyJson ? 2 : 0, out);
  return units + (json >= 0 ? json : out.write(formatValueGeneral(v, opts)));
}
