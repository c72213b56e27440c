// The record filter shared by the browser's window, the topic search and range export. Pure (no Node
// modules): the browser webview bundles it to show errors as the person types.
//
// Filter language (README "Filter language"):
// - text: a case-insensitive substring (both sides lowercased by JavaScript's toLowerCase) of the key,
//   the value, each header name and each header value (scope picks one of them; 'all' = any). Bytes are
//   read as UTF-8; bytes that are not valid UTF-8 read as U+FFFD, so the text around them still matches.
//   A null key or value (a tombstone) has no text.
// - regex (regex: true): a JavaScript regular expression over the same texts. Written plainly it is
//   case-insensitive (flag i); written /body/flags it takes exactly those flags (g and y are dropped: they
//   would make matching depend on the previous record).
// - json: a condition on the value read as JSON (src/kafka/rules/jsonCondition.ts has the grammar). A value
//   that is not JSON (or is null) never matches it.
// - partitions, fromMs (record timestamp >= fromMs), toMs (timestamp < toMs).
// Everything given must hold (and). Bad input gives { ok: false, field, error } with what to write instead.
import type { ConsumedRecord } from './consumedRecord';
import { ConditionError, conditionMatcher, parseCondition, ParsedCondition } from './jsonCondition';
import { bytesConditionMatcher } from './jsonBytesMatch';
import { UNSURE, YES } from './jsonBytesScan';

export type FilterScope = 'all' | 'key' | 'value' | 'headers';
export interface FilterSpec {
  /** Case-insensitive substring, or with `regex` a JavaScript regular expression (plain = flag i; /…/flags = those flags). */
  text?: string;
  regex?: boolean;
  scope?: FilterScope;
  /** JSON field condition on the value, e.g. `user.id == 42`, `amount > 100`, `status in ("failed","timeout")`. */
  json?: string;
  partitions?: number[];
  /** Record timestamp >= fromMs. */
  fromMs?: number;
  /** Record timestamp < toMs. */
  toMs?: number;
}
export type FilterField = 'text' | 'json' | 'partitions' | 'time';
export type CompiledFilter =
  | { ok: true; test(r: ConsumedRecord): boolean; /** true when the spec selects everything */ all: boolean }
  | { ok: false; field: FilterField; error: string };

type Pred = (r: ConsumedRecord) => boolean;
type Bytes = Uint8Array;

const loose = new TextDecoder('utf-8');
const strict = new TextDecoder('utf-8', { fatal: true });
/** Clocks disagree a little; a start further ahead than this is surely a mistake. */
const FUTURE_SLACK_MS = 60_000;
const MAX_PARTITION = 2_147_483_647;

const text = (b: Bytes | string): string => (typeof b === 'string' ? b : loose.decode(b));

/** Calls `f` on each text in scope until it says true. */
function anyText(r: ConsumedRecord, scope: FilterScope, f: (s: string) => boolean): boolean {
  if ((scope === 'all' || scope === 'value') && r.value && f(text(r.value))) return true;
  if ((scope === 'all' || scope === 'key') && r.key && f(text(r.key))) return true;
  if (scope === 'all' || scope === 'headers') {
    for (const name in r.headers) {
      if (f(name)) return true;
      const v = r.headers[name];
      if (Array.isArray(v)) { for (const one of v) if (one !== null && one !== undefined && f(text(one))) return true; }
      else if (v !== null && v !== undefined && f(text(v))) return true;
    }
  }
  return false;
}

/** A RegExp from what was typed, or the engine's reason it is not one. */
export function compileRegex(src: string): RegExp | string {
  const slashed = /^\/([\s\S]*)\/([a-z]*)$/.exec(src);
  const body = slashed ? slashed[1] : src;
  const flags = slashed ? slashed[2].replace(/[gy]/g, '') : 'i';
  try {
    return new RegExp(body, flags);
  } catch (e) {
    const why = (e as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, '').replace(/^Invalid flags supplied to RegExp constructor '([^']*)'$/, 'unknown flag in "$1" (use d, i, m, s, u or v)');
    return `not a valid regular expression: ${why}`;
  }
}

function textPred(spec: FilterSpec): Pred | { error: string } | undefined {
  const t = spec.text;
  if (t === undefined || t === '') return undefined;
  const scope = spec.scope ?? 'all';
  if (!['all', 'key', 'value', 'headers'].includes(scope)) return { error: `"${String(scope)}" is not a scope: use all, key, value or headers` };
  if (spec.regex) {
    const re = compileRegex(t);
    if (typeof re === 'string') return { error: re };
    return (r) => anyText(r, scope, (s) => re.test(s));
  }
  const needle = t.toLowerCase();
  // Text without letters needs no lowercasing of what it is looked for in.
  const cased = needle !== t.toUpperCase();
  return cased ? (r) => anyText(r, scope, (s) => s.toLowerCase().includes(needle)) : (r) => anyText(r, scope, (s) => s.includes(needle));
}

/**
 * The value's JSON text when a decoder read it (Avro, Protobuf, JSON Schema: the decoded JSON), null when it
 * was to be decoded but could not be, undefined when it is not decoded (its bytes are read as UTF-8 JSON).
 */
export type DecodedJson = (r: ConsumedRecord) => string | null | undefined;

function jsonPred(src: string | undefined, decoded?: DecodedJson): Pred | { error: string } | undefined {
  if (src === undefined || src.trim() === '') return undefined;
  let parsed: ParsedCondition;
  try {
    parsed = parseCondition(src);
  } catch (e) {
    if (e instanceof ConditionError) return { error: e.message };
    throw e;
  }
  const matches = conditionMatcher(parsed);
  // Most values are read on their bytes; the few it is not sure of are decoded as before.
  const onBytes = bytesConditionMatcher(parsed);
  return (r) => {
    if (!r.value || r.value.length === 0) return false;
    const d = decoded?.(r);
    if (d !== undefined) return d !== null && matches(d);
    const b = onBytes(r.value);
    if (b !== UNSURE) return b === YES;
    let s: string;
    try { s = strict.decode(r.value); } catch { return false; }
    return matches(s);
  };
}

function partitionPred(ps: number[] | undefined): Pred | { error: string } | undefined {
  if (ps === undefined) return undefined;
  if (!Array.isArray(ps) || ps.length === 0) return { error: 'no partition selected: choose at least one, or leave the partitions unset for all' };
  const bad = ps.find((p) => !Number.isInteger(p) || p < 0 || p > MAX_PARTITION);
  if (bad !== undefined) return { error: `${String(bad)} is not a partition number: partitions are whole numbers from 0` };
  const set = new Set(ps);
  return (r) => set.has(r.partition);
}

function timePred(from: number | undefined, to: number | undefined, now: number): Pred | { error: string } | undefined {
  const iso = (ms: number): string => new Date(ms).toISOString();
  for (const [name, v] of [['start', from], ['end', to]] as const) {
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 8.64e15)) {
      return { error: `the ${name} of the time range (${String(v)}) is not a time: give epoch milliseconds from 0` };
    }
  }
  if (from !== undefined && from > now + FUTURE_SLACK_MS) {
    return { error: `the time range starts at ${iso(from)}, in the future: no record can have that timestamp yet` };
  }
  if (from !== undefined && to !== undefined && to <= from) {
    return { error: `the time range ends (${iso(to)}) ${to === from ? 'where' : 'before'} it starts (${iso(from)}): nothing can be in it` };
  }
  if (from === undefined && to === undefined) return undefined;
  const lo = from ?? -Infinity;
  const hi = to ?? Infinity;
  return (r) => { const t = Number(r.timestamp); return t >= lo && t < hi; };
}

/** Compiles a filter once; `test` is then applied to many records. */
export function compileFilter(spec: FilterSpec, now: number = Date.now(), decoded?: DecodedJson): CompiledFilter {
  const parts: Array<[FilterField, Pred | { error: string } | undefined]> = [
    ['partitions', partitionPred(spec.partitions)],
    ['time', timePred(spec.fromMs, spec.toMs, now)],
    ['text', textPred(spec)],
    ['json', jsonPred(spec.json, decoded)],
  ];
  // Errors are reported in the order the fields appear in the form.
  for (const field of ['text', 'json', 'partitions', 'time'] as const) {
    const p = parts.find(([f]) => f === field)?.[1];
    if (p && typeof p !== 'function') return { ok: false, field, error: p.error };
  }
  const preds = parts.map(([, p]) => p).filter((p): p is Pred => typeof p === 'function');
  if (preds.length === 0) return { ok: true, all: true, test: () => true };
  if (preds.length === 1) return { ok: true, all: false, test: preds[0] };
  return { ok: true, all: false, test: (r) => preds.every((p) => p(r)) };
}

/** UTF-8 length of a string, without Node's Buffer. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

const size = (b: Bytes | string | null | undefined): number => (b === null || b === undefined ? 0 : typeof b === 'string' ? utf8Length(b) : b.length);

/** Key bytes + value bytes + header names and values (UTF-8 bytes). */
export function recordSize(r: ConsumedRecord): number {
  let n = size(r.key) + size(r.value);
  for (const name in r.headers) {
    const v = r.headers[name];
    const vals = Array.isArray(v) ? v : [v];
    for (const one of vals) n += utf8Length(name) + size(one);
  }
  return n;
}
