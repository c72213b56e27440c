// The shape of an exported record, and the writer that streams rows of one format to a file.
//
// One row (JSONL: one JSON object per line; JSON: the same objects in one array; CSV: the same fields as
// columns). Offsets and timestamps are int64: written as decimal strings, so no reader rounds them.
//
//   {"topic":"orders","partition":0,"offset":"42","timestamp":"1700000000000","timestampType":"CreateTime",
//    "key":"k1","value":{"id":12345678901234567890,"amount":1.10},
//    "headers":[{"name":"trace","value":"abc"},{"name":"trace","value":"def"},{"name":"sig","value":"AP8=","valueEncoding":"base64"}]}
//
// key and value:
// - bytes that are a JSON object, array, number or boolean (valid UTF-8, no surrounding whitespace, and in
//   JSONL no line break) are embedded as their original text, never re-serialized: 64-bit ids, 1.10,
//   duplicated keys and 1e400 keep their exact text, and an importer that reads the raw text gets the bytes;
// - other valid UTF-8 (including the text `null` and a JSON string such as `"abc"`) is a JSON string;
// - bytes that are not valid UTF-8 are base64, marked `"keyEncoding":"base64"` / `"valueEncoding":"base64"`;
// - a null key or value (a tombstone) is JSON null.
// headers: an array of {"name","value"} objects in the order kafkajs decodes them (the values of a repeated
// name stay in order, duplicates included); a header value that is not valid UTF-8 is base64 with
// `"valueEncoding":"base64"`; a null header value is null.
//
// CSV (RFC 4180: a header row, CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes
// doubled): key and value as text (JSON as its text, binary as base64), each followed by its encoding column
// (`text`, `json`, `base64` or `null` for a null key/value, so an empty value and a tombstone differ), and
// the headers column holding the JSON array above.
import type { Writable } from 'node:stream';
import type { ConsumedRecord } from '../rules/recordFormat';

export type ExportFormat = 'jsonl' | 'json' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'json', 'csv'];

/** How a key or value's bytes are written: `null` for a null key/value (a tombstone). */
export type BytesEncoding = 'json' | 'text' | 'base64' | 'null';

export interface ExportBytes {
  encoding: BytesEncoding;
  /** The JSON text, the text, or the base64; null for a null key/value. */
  text: string | null;
}

export interface ExportHeader {
  name: string;
  value: string | null;
  valueEncoding?: 'base64';
}

export interface ExportRow {
  topic: string;
  partition: number;
  /** int64 as a decimal string. */
  offset: string;
  /** Epoch milliseconds as a decimal string. */
  timestamp: string;
  timestampType?: 'CreateTime' | 'LogAppendTime';
  key: ExportBytes;
  value: ExportBytes;
  headers: ExportHeader[];
}

// ignoreBOM: a value that starts with a byte order mark keeps it (the default decoder would drop it,
// and the re-encoded text would be three bytes short).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(b: Buffer): string | undefined {
  try {
    return utf8.decode(b);
  } catch {
    return undefined;
  }
}

const JSON_START = /^[[{\-0-9tf]/;
const SPACE_AT_END = /[ \t\r\n]$/;
const LINE_BREAK = /[\r\n]/;

/**
 * Whether `t` is embedded as JSON: an object, array, number or boolean whose text, written as it is,
 * gives back exactly these bytes (nothing before or after it that a JSON reader would drop).
 */
function embeddable(t: string, multiline: boolean): boolean {
  if (!JSON_START.test(t) || SPACE_AT_END.test(t) || (!multiline && LINE_BREAK.test(t))) return false;
  try {
    JSON.parse(t); // only to know it is JSON: the original text is what gets written
    return true;
  } catch {
    return false;
  }
}

/** `multiline`: JSON with line breaks may be embedded (the JSON array format; JSONL must stay one line). */
export function encodeBytes(b: Buffer | null, multiline = false): ExportBytes {
  if (b === null) return { encoding: 'null', text: null };
  const t = decodeUtf8(b);
  if (t === undefined) return { encoding: 'base64', text: b.toString('base64') };
  return { encoding: embeddable(t, multiline) ? 'json' : 'text', text: t };
}

function headerOf(name: string, v: Buffer | string | null | undefined): ExportHeader {
  if (v === null || v === undefined) return { name, value: null };
  if (typeof v === 'string') return { name, value: v };
  const t = decodeUtf8(v);
  return t === undefined ? { name, value: v.toString('base64'), valueEncoding: 'base64' } : { name, value: t };
}

/** The record's headers as an ordered list, a repeated name once per value. */
export function headerList(headers: ConsumedRecord['headers']): ExportHeader[] {
  const out: ExportHeader[] = [];
  for (const [name, v] of Object.entries(headers)) {
    if (Array.isArray(v)) for (const x of v) out.push(headerOf(name, x));
    else out.push(headerOf(name, v));
  }
  return out;
}

export function toExportRow(topic: string, r: ConsumedRecord, opts: { multilineJson?: boolean } = {}): ExportRow {
  const row: ExportRow = {
    topic, partition: r.partition, offset: r.offset, timestamp: r.timestamp,
    key: encodeBytes(r.key, opts.multilineJson), value: encodeBytes(r.value, opts.multilineJson), headers: headerList(r.headers),
  };
  if (r.timestampType) row.timestampType = r.timestampType;
  return row;
}

const str = (s: string): string => JSON.stringify(s);

function bytesField(name: 'key' | 'value', b: ExportBytes): string {
  switch (b.encoding) {
    case 'null': return `"${name}":null`;
    case 'json': return `"${name}":${b.text}`;
    case 'text': return `"${name}":${str(b.text as string)}`;
    case 'base64': return `"${name}":"${b.text}","${name}Encoding":"base64"`;
  }
}

/** The headers array as JSON text (also the CSV headers cell). */
export function headersJson(headers: readonly ExportHeader[]): string {
  let s = '[';
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i];
    s += `${i ? ',' : ''}{"name":${str(h.name)},"value":${h.value === null ? 'null' : str(h.value)}${h.valueEncoding ? ',"valueEncoding":"base64"' : ''}}`;
  }
  return `${s}]`;
}

/** One row as one JSON object (built as text, so embedded JSON is written exactly as it was). */
export function rowJson(r: ExportRow): string {
  return `{"topic":${str(r.topic)},"partition":${r.partition},"offset":"${r.offset}","timestamp":"${r.timestamp}"` +
    `${r.timestampType ? `,"timestampType":"${r.timestampType}"` : ''},${bytesField('key', r.key)},${bytesField('value', r.value)},"headers":${headersJson(r.headers)}}`;
}

export const CSV_COLUMNS = ['topic', 'partition', 'offset', 'timestamp', 'timestampType', 'key', 'keyEncoding', 'value', 'valueEncoding', 'headers'] as const;

/** RFC 4180: quoted when the field holds a comma, a double quote, CR or LF; quotes doubled. */
export function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One row as one CSV record, CRLF-terminated. */
export function rowCsv(r: ExportRow): string {
  return [r.topic, String(r.partition), r.offset, r.timestamp, r.timestampType ?? '', r.key.text ?? '', r.key.encoding,
    r.value.text ?? '', r.value.encoding, headersJson(r.headers)].map(csvField).join(',') + '\r\n';
}

/** Written ahead of the rows, between rows, and after them, per format. */
const FRAME: Record<ExportFormat, { head: string; sep: string; end: string; tail: string }> = {
  jsonl: { head: '', sep: '', end: '\n', tail: '' },
  json: { head: '[\n', sep: ',\n', end: '', tail: '\n]\n' },
  csv: { head: `${CSV_COLUMNS.join(',')}\r\n`, sep: '', end: '', tail: '' },
};

/** What is collected before one write to the stream: large enough that writes are few, small enough to stay flat. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Streams rows of one format to a Writable. Rows are collected into chunks of about 256 K characters;
 * a chunk the stream cannot take at once (write() returned false) is followed by waiting for 'drain', so a
 * slow disk slows the reader instead of growing memory. end() closes a JSON array, so even a cancelled
 * export is valid JSON (the file's name says it is partial: see exportRecords.ts).
 */
export class ExportWriter {
  private chunk = '';
  private rows = 0;
  private failed: Error | undefined;

  constructor(private readonly out: Writable, readonly format: ExportFormat) {
    out.on('error', (e: Error) => { this.failed ??= e; });
    this.chunk = FRAME[format].head;
  }

  /** Rows written so far (handed to the stream). */
  get written(): number {
    return this.rows;
  }

  /** Adds a batch of records; resolves once the stream can take more. */
  async writeRecords(topic: string, records: readonly ConsumedRecord[]): Promise<void> {
    const f = FRAME[this.format];
    const multilineJson = this.format === 'json';
    for (const r of records) {
      const row = toExportRow(topic, r, { multilineJson });
      const text = this.format === 'csv' ? rowCsv(row) : rowJson(row);
      this.chunk += (this.rows ? f.sep : '') + text + f.end;
      this.rows++;
      if (this.chunk.length >= CHUNK_CHARS) await this.flush();
    }
  }

  /** Writes the end of the format and closes the stream; resolves once the file is complete on disk. */
  async end(): Promise<void> {
    this.chunk += FRAME[this.format].tail;
    await this.flush();
    if (this.failed) throw this.failed;
    await new Promise<void>((resolve, reject) => {
      this.out.once('error', reject);
      this.out.end(() => resolve());
    });
    if (this.failed) throw this.failed;
  }

  private async flush(): Promise<void> {
    if (this.failed) throw this.failed;
    const c = this.chunk;
    this.chunk = '';
    if (!c || this.out.write(c)) return;
    await new Promise<void>((resolve, reject) => {
      const done = (e?: Error): void => { this.out.off('drain', done); this.out.off('error', done); if (e) reject(e); else resolve(); };
      this.out.on('drain', done);
      this.out.on('error', done);
    });
  }
}
