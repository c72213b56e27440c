// Turns a consumed record into the text shown in the Output panel. Bytes are never guessed at:
// a value is shown as text only when it is valid UTF-8 without control characters, as pretty JSON
// when it also parses as JSON, and otherwise as hex or base64 — so no mojibake and no exception,
// whatever the producer wrote.

/** A record as the consumer delivers it (a subset of what kafkajs decodes). */
export interface ConsumedRecord {
  partition: number;
  /** int64 as a decimal string. */
  offset: string;
  /** Epoch milliseconds as a decimal string. */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Duplicate header keys arrive as arrays. */
  headers: Record<string, Buffer | string | Array<Buffer | string> | undefined>;
}

export type ValueMode = 'auto' | 'text' | 'json' | 'hex' | 'base64';

export interface FormatOptions {
  timestamp: boolean;
  partition: boolean;
  offset: boolean;
  key: boolean;
  headers: boolean;
  /** auto: JSON → pretty JSON, UTF-8 text → text, anything else → `binary`. */
  value: ValueMode;
  /** How bytes that are not text are shown. */
  binary: 'hex' | 'base64';
  /** Pretty JSON over several lines (true) or compact on one line. */
  prettyJson: boolean;
  /** Longer values are cut, with the number of bytes left out. */
  maxValueBytes: number;
}

export const DEFAULT_FORMAT: FormatOptions = {
  timestamp: true,
  partition: true,
  offset: true,
  key: true,
  headers: true,
  value: 'auto',
  binary: 'hex',
  prettyJson: true,
  maxValueBytes: 64 * 1024,
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

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

function binary(b: Buffer, how: 'hex' | 'base64'): string {
  return `${how}:${b.toString(how)}`;
}

function looksLikeJson(s: string): boolean {
  const c = s.trimStart()[0];
  return c === '{' || c === '[';
}

/** Keys and header values: short, one line. */
function formatSmall(b: Buffer | string | null | undefined, opts: FormatOptions): string {
  if (b === null || b === undefined) return '(null)';
  if (typeof b === 'string') return JSON.stringify(b).slice(1, -1);
  const t = asText(b);
  // Escape newlines and tabs so a key or header never breaks the line structure.
  return t === undefined ? binary(b, opts.binary) : JSON.stringify(t).slice(1, -1);
}

export function formatValue(v: Buffer | null, opts: FormatOptions): string {
  if (v === null) return '(null)';
  let b = v;
  let cut = '';
  if (b.length > opts.maxValueBytes) {
    cut = ` … (${b.length - opts.maxValueBytes} more bytes)`;
    b = b.subarray(0, opts.maxValueBytes);
  }
  if (opts.value === 'hex' || opts.value === 'base64') return binary(b, opts.value) + cut;
  // Cutting may have split a UTF-8 sequence: retry without the partial tail before calling it binary.
  let t = asText(b);
  if (t === undefined && cut) {
    for (let back = 1; back <= 3 && t === undefined; back++) t = asText(b.subarray(0, b.length - back));
  }
  if (t === undefined) return binary(b, opts.binary) + cut;
  if ((opts.value === 'auto' || opts.value === 'json') && !cut && looksLikeJson(t)) {
    try {
      const parsed: unknown = JSON.parse(t);
      return opts.prettyJson ? JSON.stringify(parsed, null, 2) : JSON.stringify(parsed);
    } catch {
      // Not JSON after all: shown as the text it is.
    }
  }
  return t + cut;
}

function formatHeaders(h: ConsumedRecord['headers'], opts: FormatOptions): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(h)) {
    const vals = Array.isArray(v) ? v : [v];
    for (const one of vals) parts.push(`${formatSmall(k, opts)}=${formatSmall(one, opts)}`);
  }
  return parts.length ? `{${parts.join(', ')}}` : '';
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

/** The prefix (timestamp, partition, offset, key, headers) followed by the value. No trailing newline. */
export function formatRecord(r: ConsumedRecord, opts: FormatOptions = DEFAULT_FORMAT): string {
  const pre: string[] = [];
  if (opts.timestamp) pre.push(isoTime(r.timestamp));
  if (opts.partition && opts.offset) pre.push(`p${r.partition}@${r.offset}`);
  else if (opts.partition) pre.push(`p${r.partition}`);
  else if (opts.offset) pre.push(`@${r.offset}`);
  if (opts.key) pre.push(`key=${formatSmall(r.key, opts)}`);
  if (opts.headers) {
    const h = formatHeaders(r.headers, opts);
    if (h) pre.push(h);
  }
  const value = formatValue(r.value, opts);
  return pre.length ? `${pre.join(' ')} ${value}` : value;
}

/** Reads FormatOptions from loosely typed settings, falling back to defaults field by field. */
export function formatOptionsFrom(raw: Partial<Record<keyof FormatOptions, unknown>> | undefined): FormatOptions {
  const o: FormatOptions = { ...DEFAULT_FORMAT };
  if (!raw) return o;
  for (const k of ['timestamp', 'partition', 'offset', 'key', 'headers', 'prettyJson'] as const) {
    if (typeof raw[k] === 'boolean') o[k] = raw[k] as boolean;
  }
  if (typeof raw.value === 'string' && ['auto', 'text', 'json', 'hex', 'base64'].includes(raw.value)) o.value = raw.value as ValueMode;
  if (raw.binary === 'hex' || raw.binary === 'base64') o.binary = raw.binary;
  if (typeof raw.maxValueBytes === 'number' && raw.maxValueBytes >= 16) o.maxValueBytes = Math.floor(raw.maxValueBytes);
  return o;
}
