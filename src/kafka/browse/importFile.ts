// Produce from a file: a JSONL file (one record per line), a JSON file (one array of records), in the
// shape exportFormat.ts writes, or plain lines (each line one text value). The file is read as a stream,
// first to check every line (a file with any bad line sends nothing, and every bad line is named), then
// the records are sent through one ClusterProducer.openSink (records streamed into batches, several
// requests in flight), with progress, Cancel, and the offsets written per partition. The records the
// check read are kept for sending while they fit KEEP (parsing was most of the time,
// and what is sent is then exactly what was checked); a larger file is read again, never held whole.
import { createReadStream } from 'node:fs';
import type { IHeaders, Message } from 'kafkajs';
import { ClusterProducer, OutgoingRecord, PartitionRange, ProduceError } from '../produce/producer';
import { ArrayShapeError, JsonArraySplitter } from './jsonSpan';
import { ImportRecord, isLineError, LineError, parseRecord, plainRecord } from './importParse';

/** jsonl: one record per line · json: an array of records · lines: each line is a text value. */
export type FileKind = 'jsonl' | 'json' | 'lines';

/** What a file's name says it holds: .json an array; .jsonl/.ndjson records; anything else plain lines. */
export function fileKindOf(path: string): FileKind {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  return ext === 'json' ? 'json' : ext === 'jsonl' || ext === 'ndjson' ? 'jsonl' : 'lines';
}

/** The lines of a file as bytes (LF or CRLF ends; a UTF-8 byte order mark at the start is dropped), 1-based. */
async function* byteLines(file: string): AsyncGenerator<{ line: number; bytes: Buffer }> {
  let carry: Buffer | undefined;
  let line = 0;
  let first = true;
  const cut = (b: Buffer): Buffer => (b.length && b[b.length - 1] === 0x0d ? b.subarray(0, b.length - 1) : b);
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    if (first && buf.length >= 3) {
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) buf = buf.subarray(3);
      first = false;
    }
    let from = 0;
    for (let nl = buf.indexOf(0x0a, from); nl >= 0; nl = buf.indexOf(0x0a, from)) {
      yield { line: ++line, bytes: cut(buf.subarray(from, nl)) };
      from = nl + 1;
    }
    carry = from < buf.length ? buf.subarray(from) : undefined;
  }
  if (carry) yield { line: ++line, bytes: cut(carry) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const notUtf8 = (line: number): LineError => ({
  line, message: `line ${line}: not valid UTF-8 text; a JSON file is text (bytes go into a record as base64, with "valueEncoding":"base64")`,
});

/**
 * The records of a file, in order, each a record or the error of its line. Empty lines are skipped (and
 * whitespace-only lines in JSONL). A .json file whose array is broken yields one error and ends.
 */
export async function* readImportFile(file: string, kind: FileKind): AsyncGenerator<ImportRecord | LineError> {
  const splitter = kind === 'json' ? new JsonArraySplitter() : undefined;
  for await (const { line, bytes } of byteLines(file)) {
    if (kind === 'lines') {
      if (bytes.length) yield plainRecord(bytes, line);
      continue;
    }
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      yield notUtf8(line);
      if (splitter) return; // the array's structure cannot be followed past bytes that are not text
      continue;
    }
    if (!splitter) {
      if (text.trim()) yield parseRecord(text, line);
      continue;
    }
    try {
      for (const e of splitter.push(`${text}\n`)) yield parseRecord(e.text, e.line);
    } catch (e) {
      if (!(e instanceof ArrayShapeError)) throw e;
      yield { line: e.line, message: `line ${e.line}: ${e.message}` };
      return;
    }
  }
  if (splitter) {
    try {
      splitter.end();
    } catch (e) {
      if (!(e instanceof ArrayShapeError)) throw e;
      yield { line: e.line, message: `line ${e.line}: ${e.message}` };
    }
  }
}

export interface ImportOptions {
  topic: string;
  kind: FileKind;
  /** keep: each record goes to the partition it names (records without one: by key) · auto: by key. Default keep. */
  partitions?: 'keep' | 'auto';
  /** keep: each record keeps the timestamp it names · now: Kafka's producer time (the default; old timestamps can fall under retention at once). */
  timestamps?: 'keep' | 'now';
  acks?: 'all' | 'leader';
  signal?: AbortSignal;
  onProgress?(sent: number, total: number): void;
  /** Errors listed (the rest are counted); default 100. */
  maxErrors?: number;
  /** What the check may keep for sending; beyond it the file is read again. Default 200,000 records, 64 MiB. */
  keep?: { records: number; bytes: number };
}

export interface ImportResult {
  file: string;
  topic: string;
  /** Records the file holds (valid or not). */
  records: number;
  sent: number;
  cancelled: boolean;
  /** Bad lines, in file order, at most maxErrors of them; when any, nothing was sent. */
  errors: LineError[];
  /** Bad lines beyond those listed. */
  moreErrors: number;
  partitions: PartitionRange[];
  durationMs: number;
}

/** The kafkajs message for a record: bytes as they are; partition and timestamp when the options keep them. */
export function toMessage(r: ImportRecord, o: Pick<ImportOptions, 'partitions' | 'timestamps'>): Message {
  const m: Message = { key: r.key, value: r.value };
  if (r.headers.length) {
    const h: IHeaders = {};
    for (const { name, value } of r.headers) {
      const prev = h[name];
      h[name] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    m.headers = h;
  }
  if (o.partitions !== 'auto' && r.partition !== undefined) m.partition = r.partition;
  if (o.timestamps === 'keep' && r.timestamp !== undefined) m.timestamp = r.timestamp;
  return m;
}

/** The record as sent: bytes as they are; partition and timestamp when the options keep them. */
export function toRecord(r: ImportRecord, o: Pick<ImportOptions, 'partitions' | 'timestamps'>): OutgoingRecord {
  return {
    key: r.key, value: r.value, headers: r.headers.length ? r.headers : undefined,
    partition: o.partitions !== 'auto' ? r.partition : undefined,
    timestamp: o.timestamps === 'keep' && r.timestamp !== undefined ? Number(r.timestamp) : undefined,
  };
}

/** Records, and bytes of keys, values and headers, that the check keeps for sending, at most. */
const KEEP = { records: 200_000, bytes: 64 * 1024 * 1024 };

function heldBytes(r: ImportRecord): number {
  let n = (r.key?.length ?? 0) + (r.value?.length ?? 0);
  for (const h of r.headers) n += h.name.length + h.value.length;
  return n;
}

/** Checks every line, then (when all are good) sends them; see the file's header. */
export async function produceFromFile(producer: ClusterProducer, file: string, o: ImportOptions): Promise<ImportResult> {
  const t0 = performance.now();
  const maxErrors = o.maxErrors ?? 100;
  const meta = await producer.partitions(o.topic, o.acks ?? 'all');
  const result: ImportResult = { file, topic: o.topic, records: 0, sent: 0, cancelled: false, errors: [], moreErrors: 0, partitions: [], durationMs: 0 };
  const fail = (e: LineError): void => { if (result.errors.length < maxErrors) result.errors.push(e); else result.moreErrors++; };
  const keep = o.partitions !== 'auto';
  const most = o.keep ?? KEEP;
  let kept: ImportRecord[] | undefined = [];
  let keptBytes = 0;
  for await (const r of readImportFile(file, o.kind)) {
    if (o.signal?.aborted) return { ...result, cancelled: true, durationMs: performance.now() - t0 };
    result.records++;
    if (isLineError(r)) fail(r);
    else if (keep && r.partition !== undefined && r.partition >= meta.length) {
      fail({ line: r.line, message: `line ${r.line}: partition ${r.partition} does not exist: "${o.topic}" has ${meta.length} partition${meta.length === 1 ? '' : 's'} (0…${meta.length - 1}); send with "Kafka picks the partition (by key)" instead` });
    } else if (kept) {
      keptBytes += heldBytes(r);
      if (kept.length < most.records && keptBytes <= most.bytes) kept.push(r);
      else kept = undefined;
    }
  }
  if (result.records === 0) fail({ line: 0, message: `the file holds no records${o.kind === 'lines' ? ' (empty lines are skipped)' : ''}` });
  if (result.errors.length) return { ...result, durationMs: performance.now() - t0 };

  const sink = await producer.openSink(o.topic, meta, { acks: o.acks ?? 'all', compression: 'none', onProgress: (sent) => o.onProgress?.(sent, result.records) });
  try {
    for await (const r of kept ?? readImportFile(file, o.kind)) {
      if (isLineError(r)) throw new ProduceError(`The file changed while it was being sent: ${r.message}.`);
      if (o.signal?.aborted) { result.cancelled = true; break; }
      sink.push(toRecord(r, o));
      if (sink.mustWait) await sink.ready();
    }
    result.partitions = result.cancelled ? await sink.abort() : await sink.close();
    result.sent = sink.sent;
  } catch (e) {
    const written = await sink.abort();
    result.sent = sink.sent;
    const already = result.sent > 0 ? ` ${result.sent} of ${result.records} records were sent before the error (offsets: ${describeRanges(written)}).` : ' Nothing was sent.';
    throw new ProduceError(`${(e as Error).message}${already}`, undefined, (e as ProduceError).kind);
  }
  result.durationMs = performance.now() - t0;
  return result;
}

/** "p0 0…41, p2 7…9" */
export function describeRanges(ranges: readonly PartitionRange[]): string {
  if (!ranges.length) return 'none';
  return ranges.map((r) => (r.firstOffset === r.lastOffset ? `p${r.partition} ${r.firstOffset}` : `p${r.partition} ${r.firstOffset}…${r.lastOffset}`)).join(', ');
}
