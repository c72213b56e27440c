// Parses what the Browse Messages webview posts. The webview is untrusted input (a tampered or older
// script): every field is checked, unknown properties are dropped, and anything malformed becomes a
// sentence instead of reaching Kafka.
import { FilterScope, FilterSpec, READ_FROM, ReadFrom, ReadRequest, FORMAT_SELECTS, RECORD_ACTIONS, RecordAction, ROW_PAGE_MAX, SearchRequest, SearchTo, ToHost } from './protocol';

const MAX_TEXT = 10_000;
type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const str = (o: Obj, k: string, why: string): string => {
  const v = o[k] ?? '';
  if (typeof v !== 'string' || v.length > MAX_TEXT) throw new Error(`${why}: ${k} is not a text of at most ${MAX_TEXT} characters`);
  return v;
};
const nat = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

export function parseFilterSpec(x: unknown): FilterSpec {
  if (!isObj(x)) throw new Error('filter: spec is not an object');
  const s: FilterSpec = {};
  if (x.text !== undefined) s.text = str(x, 'text', 'filter');
  if (x.regex !== undefined) {
    if (typeof x.regex !== 'boolean') throw new Error('filter: regex is not true/false');
    s.regex = x.regex;
  }
  if (x.scope !== undefined) {
    if (!['all', 'key', 'value', 'headers'].includes(x.scope as string)) throw new Error('filter: scope is not all, key, value or headers');
    s.scope = x.scope as FilterScope;
  }
  if (x.json !== undefined) s.json = str(x, 'json', 'filter');
  if (x.partitions !== undefined) {
    if (!Array.isArray(x.partitions) || x.partitions.length > 100_000 || !x.partitions.every((p) => nat(p) && p < 100_000)) {
      throw new Error('filter: partitions is not a list of partition numbers');
    }
    s.partitions = x.partitions as number[];
  }
  for (const k of ['fromMs', 'toMs'] as const) {
    if (x[k] === undefined) continue;
    const v = x[k];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`filter: ${k} is not a number of milliseconds`);
    s[k] = v;
  }
  return s;
}

function parseRead(x: unknown, what: string): ReadRequest {
  if (!isObj(x)) throw new Error(`${what}: request is not an object`);
  if (!READ_FROM.includes(x.from as ReadFrom)) throw new Error(`${what}: from is not one of ${READ_FROM.join(', ')}`);
  return {
    from: x.from as ReadFrom,
    lastText: str(x, 'lastText', what),
    offsetText: str(x, 'offsetText', what),
    timeText: str(x, 'timeText', what),
    toText: str(x, 'toText', what),
    partitionsText: str(x, 'partitionsText', what),
    live: x.live === true,
  };
}

function parseSearch(x: unknown): SearchRequest {
  if (!isObj(x)) throw new Error('search: request is not an object');
  if (!['end', 'count', 'timestamp'].includes(x.to as string)) throw new Error('search: to is not end, count or timestamp');
  return {
    read: parseRead(x.read, 'search'),
    to: x.to as SearchTo,
    toText: str(x, 'toText', 'search'),
    maxMatchesText: str(x, 'maxMatchesText', 'search'),
    filter: parseFilterSpec(x.filter),
  };
}

export function parseToHost(x: unknown): ToHost | { invalid: string } {
  if (!isObj(x)) return { invalid: 'message is not an object' };
  try {
    switch (x.type) {
      case 'ready':
      case 'stop':
      case 'cancelSearch':
      case 'backToWindow':
        return { type: x.type };
      case 'read': return { type: 'read', request: parseRead(x.request, 'read') };
      case 'filter': return { type: 'filter', spec: parseFilterSpec(x.spec) };
      case 'rows': {
        if (!nat(x.version) || !nat(x.start) || !nat(x.end) || x.end < x.start || x.end - x.start > ROW_PAGE_MAX) {
          return { invalid: `rows: version, start and end must be whole numbers with start <= end <= start + ${ROW_PAGE_MAX}` };
        }
        return { type: 'rows', version: x.version, start: x.start, end: x.end };
      }
      case 'detail':
        if (!nat(x.version) || !nat(x.index)) return { invalid: 'detail: version and index must be whole numbers' };
        return { type: 'detail', version: x.version, index: x.index };
      case 'action':
        if (!RECORD_ACTIONS.includes(x.action as RecordAction)) return { invalid: `action: not one of ${RECORD_ACTIONS.join(', ')}` };
        return { type: 'action', action: x.action as RecordAction };
      case 'search': return { type: 'search', request: parseSearch(x.request) };
      case 'histogram': return { type: 'histogram', byPartition: x.byPartition === true };
      case 'export':
        if (x.which !== 'window' && x.which !== 'filtered') return { invalid: 'export: which is not window or filtered' };
        return { type: 'export', which: x.which };
      case 'formats': {
        const ok = (v: unknown): v is string => typeof v === 'string' && FORMAT_SELECTS.includes(v);
        if (!ok(x.key) || !ok(x.value)) return { invalid: `formats: key and value must each be one of ${FORMAT_SELECTS.join(', ')}` };
        return { type: 'formats', key: x.key, value: x.value };
      }
      default:
        return { invalid: `unknown message type ${JSON.stringify(String(x.type)).slice(0, 60)}` };
    }
  } catch (e) {
    return { invalid: (e as Error).message };
  }
}
