// One record of a file to send, in the shape exportFormat.ts writes (so an exported file sends back the
// same bytes), or one plain line as a text value. Every refusal names the line and says what is wrong
// and what would work; nothing here guesses.
import { memberTexts } from './jsonSpan';

export interface ImportHeader {
  name: string;
  value: Buffer;
}

export interface ImportRecord {
  /** 1-based line of the file where the record starts. */
  line: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: ImportHeader[];
  /** As exported; used when sending keeps partitions. */
  partition?: number;
  /** Epoch ms as a decimal string; used when sending keeps timestamps. */
  timestamp?: string;
}

export interface LineError {
  line: number;
  message: string;
}

export const RECORD_FIELDS = ['topic', 'partition', 'offset', 'timestamp', 'timestampType', 'key', 'keyEncoding', 'value', 'valueEncoding', 'headers'] as const;
const KNOWN = new Set<string>(RECORD_FIELDS);
const EXAMPLE = '{"key":"k1","value":{"id":1},"headers":[{"name":"h","value":"v"}]}';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A JSON value described for a message: `an array`, `the number 42`, `"abc"`. */
export function describeJson(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  switch (typeof v) {
    case 'object': return 'an object';
    case 'string': return `the string ${preview(v)}`;
    case 'number': return `the number ${String(v)}`;
    default: return String(v);
  }
}

/** At most 40 characters of `s`, as a JSON string. */
export function preview(s: string): string {
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

class Refusal extends Error {}
const refuse = (message: string): never => { throw new Refusal(message); };

/** The bytes of `key` or `value`: text, base64, or the JSON text as written. */
function bytesOf(field: 'key' | 'value', obj: Record<string, Json>, raw: () => Map<string, string>): Buffer | null {
  const v = obj[field];
  const encName = `${field}Encoding`;
  const enc = obj[encName];
  if (enc === undefined) {
    if (v === null) return null;
    if (typeof v === 'string') return Buffer.from(v, 'utf8');
    return Buffer.from(raw().get(field) as string, 'utf8');
  }
  switch (enc) {
    case 'text':
      if (typeof v !== 'string') refuse(`"${encName}" is "text" but "${field}" is ${describeJson(v)}, not a string`);
      return Buffer.from(v as string, 'utf8');
    case 'base64':
      if (typeof v !== 'string') refuse(`"${encName}" is "base64" but "${field}" is ${describeJson(v)}, not a base64 string`);
      if (!BASE64.test(v as string)) refuse(`"${field}" is marked base64 but ${preview(v as string)} is not base64: use A–Z, a–z, 0–9, + and /, padded with = to a multiple of 4 characters`);
      return Buffer.from(v as string, 'base64');
    case 'json':
      return Buffer.from(raw().get(field) as string, 'utf8');
    default:
      return refuse(`unknown "${encName}" ${JSON.stringify(enc)}: use "base64" (bytes), "json" (the JSON text as written) or "text" (the default for a string)`);
  }
}

function headersOf(h: Json | undefined): ImportHeader[] {
  if (h === undefined || h === null) return [];
  const hint = 'write "headers" as an array of {"name":"…","value":"…"} (a repeated name once per value)';
  if (typeof h !== 'object') return refuse(`"headers" is ${describeJson(h)}; ${hint}`);
  if (!Array.isArray(h)) {
    // {"name": "value" | ["v1","v2"]}: the short form people write by hand.
    return Object.entries(h).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((x) => headerValue(`headers.${name}`, name, x, undefined)));
  }
  return h.map((e, i) => {
    const at = `headers[${i}]`;
    if (e === null || typeof e !== 'object' || Array.isArray(e)) return refuse(`${at} is ${describeJson(e)}; ${hint}`);
    for (const k of Object.keys(e)) if (k !== 'name' && k !== 'value' && k !== 'valueEncoding') refuse(`${at} has an unknown field ${JSON.stringify(k)}; a header has "name", "value" and optionally "valueEncoding": "base64"`);
    if (typeof e.name !== 'string') return refuse(`${at}.name is ${e.name === undefined ? 'missing' : describeJson(e.name)}; a header name is a string`);
    return headerValue(at, e.name, e.value, e.valueEncoding);
  });
}

function headerValue(at: string, name: string, v: Json | undefined, enc: Json | undefined): ImportHeader {
  if (v === null) return refuse(`${at} (${JSON.stringify(name)}) has a null value, which kafkajs cannot send; use "" or leave the header out`);
  if (typeof v !== 'string') return refuse(`${at} (${JSON.stringify(name)}) has ${v === undefined ? 'no value' : `the value ${describeJson(v)}`}; a header value is a string (text, or base64 with "valueEncoding":"base64")`);
  if (enc === undefined || enc === 'text') return { name, value: Buffer.from(v, 'utf8') };
  if (enc !== 'base64') return refuse(`${at} has an unknown "valueEncoding" ${JSON.stringify(enc)}: use "base64" or leave it out for text`);
  if (!BASE64.test(v)) return refuse(`${at} (${JSON.stringify(name)}) is marked base64 but ${preview(v)} is not base64`);
  return { name, value: Buffer.from(v, 'base64') };
}

const MAX_PARTITION = 2_147_483_647;

function partitionOf(v: Json | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_PARTITION) refuse(`"partition" must be a whole number from 0 to ${MAX_PARTITION}; found ${describeJson(v)}`);
  return v as number;
}

function timestampOf(v: Json | undefined): string | undefined {
  if (v === undefined) return undefined;
  const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
  if (typeof s !== 'string' || !/^\d{1,16}$/.test(s)) refuse(`"timestamp" must be epoch milliseconds, a whole number (or its digits in a string); found ${describeJson(v)}`);
  return s as string;
}

function checkInfoFields(o: Record<string, Json>): void {
  if (o.topic !== undefined && typeof o.topic !== 'string') refuse(`"topic" is ${describeJson(o.topic)}; it is a topic name (a string), and only informative: the records go to the topic you choose`);
  if (o.offset !== undefined && !(typeof o.offset === 'string' ? /^\d{1,19}$/.test(o.offset) : Number.isSafeInteger(o.offset) && (o.offset as number) >= 0)) {
    refuse(`"offset" is ${describeJson(o.offset)}; it is an offset (digits, as exported), and only informative: Kafka assigns new offsets`);
  }
  if (o.timestampType !== undefined && o.timestampType !== 'CreateTime' && o.timestampType !== 'LogAppendTime') {
    refuse(`"timestampType" is ${describeJson(o.timestampType)}; it is "CreateTime" or "LogAppendTime"`);
  }
}

/**
 * One record from the JSON text of a line (JSONL) or of an array element (JSON). `line` is where it starts.
 */
export function parseRecord(text: string, line: number): ImportRecord | LineError {
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    return { line, message: `line ${line}: not JSON: ${preview(text)}. A record is a JSON object such as ${EXAMPLE}; to send each line as a text value, choose "Each line is a value"` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { line, message: `line ${line}: a record is a JSON object such as ${EXAMPLE}; found ${describeJson(parsed)}` };
  }
  const o = parsed;
  try {
    for (const k of Object.keys(o)) {
      if (!KNOWN.has(k)) refuse(`unknown field ${JSON.stringify(k)}; a record has ${RECORD_FIELDS.join(', ')}`);
    }
    if (!('value' in o)) refuse('no "value" field; write "value": null for a tombstone');
    checkInfoFields(o);
    let raw: Map<string, string> | undefined;
    const rawTexts = (): Map<string, string> => (raw ??= memberTexts(text));
    const r: ImportRecord = { line, key: 'key' in o ? bytesOf('key', o, rawTexts) : null, value: bytesOf('value', o, rawTexts), headers: headersOf(o.headers) };
    if (!('key' in o) && o.keyEncoding !== undefined) refuse('"keyEncoding" without a "key"');
    const p = partitionOf(o.partition);
    if (p !== undefined) r.partition = p;
    const ts = timestampOf(o.timestamp);
    if (ts !== undefined) r.timestamp = ts;
    return r;
  } catch (e) {
    if (e instanceof Refusal) return { line, message: `line ${line}: ${e.message}` };
    throw e;
  }
}

/** A plain line as a text value: its bytes as they are (no key, no headers). */
export function plainRecord(bytes: Buffer, line: number): ImportRecord {
  return { line, key: null, value: bytes, headers: [] };
}

export const isLineError = (r: ImportRecord | LineError): r is LineError => 'message' in r;
