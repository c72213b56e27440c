// Avro binary → the JSON the consumer shows, written straight into the line's bytes. The general path
// (avroCodec's decode) has avsc build a value, walks it into compact JSON text, and the formatter encodes
// that text to UTF-8 and re-indents it: in the decode bench that was most of the time per record. Here a
// writer is built once per schema from avsc's own types and reads the payload's bytes as it writes: no
// value, no string per field, the same text byte for byte (test/unit/avroJsonBytes.test.ts compares the
// two on generated schemas, values and damaged bytes). Whatever it is not sure of (bytes avsc would read
// differently or reject, a map key a JS object would reorder, very deep nesting) it answers -1 for and
// leaves to the general path, which then shows exactly what it always did, failure markers included.
import type * as avro from 'avsc';
import type { LineBytes } from '../rules/lineBytes';
import { float32Text } from '../rules/primitiveFormats';

/** One write: the payload being read and the line being written. */
interface Run {
  v: Buffer;
  i: number;
  o: Buffer;
  p: number;
  lb: LineBytes;
  step: number;
  /** UTF-8 bytes written beyond the UTF-16 units they stand for. */
  extra: number;
  nonAscii: boolean;
  /** Where the output stops being written here. */
  limit: number;
}

/** Writes one value at nesting `depth`; false: not sure, the general path decides. */
type W = (r: Run, depth: number) => boolean;

const MAX_DEPTH = 128;
/** A block count beyond this is left to avsc (it would allocate the array, or refuse to). */
const MAX_BLOCK = 1 << 20;
/** Beyond this the general path writes the text (as indentJsonInto leaves very large values to it). */
const MAX_OUT_BYTES = 8 * 1024 * 1024;

const enc = (s: string): Buffer => Buffer.from(s, 'utf8');
/** The JSON text of a string as the general path shows it: JSON.stringify, then « as \u00ab. */
const shownString = (s: string): string => JSON.stringify(s).replace(/«/g, '\\u00ab');

// What JSON.stringify writes for each ASCII character inside a string ('' where it writes it as is).
const ESCAPE: Buffer[] = [];
for (let c = 0; c < 0x80; c++) {
  const t = JSON.stringify(String.fromCharCode(c)).slice(1, -1);
  ESCAPE.push(t.length === 1 ? Buffer.alloc(0) : enc(t));
}
const LAQUO = enc('\\u00ab');
const TRUE = enc('true');
const FALSE = enc('false');
const NULL = enc('null');

function room(r: Run, n: number): void {
  if (r.p + n <= r.o.length) return;
  r.lb.length = r.p;
  r.lb.ensure(n);
  r.o = r.lb.buf;
}

function put(r: Run, b: Buffer): void {
  room(r, b.length);
  b.copy(r.o, r.p);
  r.p += b.length;
}

function ascii(r: Run, s: string): void {
  room(r, s.length);
  const o = r.o;
  for (let k = 0; k < s.length; k++) o[r.p++] = s.charCodeAt(k);
}

/** prettyJson's line break before a member at `depth` (nothing when compact). */
function pad(r: Run, depth: number): void {
  if (r.step === 0) return;
  const w = depth * r.step;
  room(r, w + 1);
  const o = r.o;
  o[r.p++] = 0x0a;
  for (let k = 0; k < w; k++) o[r.p++] = 0x20;
}

function colon(r: Run): void {
  room(r, 2);
  r.o[r.p++] = 0x3a;
  if (r.step > 0) r.o[r.p++] = 0x20;
}

/** A non-negative safe integer's digits. */
function digits(r: Run, n: number): void {
  room(r, 17);
  const o = r.o;
  if (n < 10) { o[r.p++] = 0x30 + n; return; }
  let len = 1;
  for (let t = n; t >= 10; t = Math.floor(t / 10)) len++;
  let at = r.p + len;
  r.p = at;
  for (let t = n; at > r.p - len; t = Math.floor(t / 10)) o[--at] = 0x30 + (t % 10);
}

function integer(r: Run, n: number): void {
  if (!Number.isSafeInteger(n)) { ascii(r, String(n)); return; }
  if (n < 0) { room(r, 1); r.o[r.p++] = 0x2d; n = -n; }
  digits(r, n);
}

/** avsc's Tap.readLong, step for step (its float arithmetic past 28 bits included); NaN when the bytes end inside it. */
function readLong(r: Run): number {
  const v = r.v;
  let n = 0;
  let k = 0;
  let b = 0;
  let h = 0;
  do {
    if (r.i >= v.length) return NaN;
    b = v[r.i++];
    h = b & 0x80;
    n |= (b & 0x7f) << k;
    k += 7;
  } while (h && k < 28);
  if (!h) return (n >> 1) ^ -(n & 1);
  let f = n;
  let fk = 268435456;
  do {
    if (r.i >= v.length) return NaN;
    b = v[r.i++];
    f += (b & 0x7f) * fk;
    fk *= 128;
  } while (b & 0x80);
  return (f % 2 ? -(f + 1) : f) / 2;
}

/** An Avro long as the general path shows it (avsc reads it whole into 64 bits, a BigInt): its exact digits. */
function long(r: Run): boolean {
  const v = r.v;
  const start = r.i;
  // Up to 7 bytes the raw zigzag value is below 2^49, exact as a double.
  let raw = 0;
  let scale = 1;
  for (let k = 0; k < 7; k++) {
    if (r.i >= v.length) return false;
    const b = v[r.i++];
    raw += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) {
      if (raw % 2 === 0) digits(r, raw / 2);
      else { room(r, 1); r.o[r.p++] = 0x2d; digits(r, (raw + 1) / 2); }
      return true;
    }
    scale *= 128;
  }
  // 8–10 bytes: 64 bits, in BigInt. Longer, or a 10th byte past bit 63, avsc truncates in its own way.
  let big = 0n;
  let at = start;
  for (let k = 0; ; k++) {
    if (k === 10 || at >= v.length) return false;
    const b = v[at++];
    big |= BigInt(b & 0x7f) << BigInt(7 * k);
    if ((b & 0x80) === 0) {
      if (k === 9 && b > 1) return false;
      break;
    }
  }
  r.i = at;
  ascii(r, String((big >> 1n) ^ -(big & 1n)));
  return true;
}

/** `len` payload bytes of an Avro string as a JSON string; false when they are not well-formed UTF-8. */
function utf8String(r: Run, len: number): boolean {
  const v = r.v;
  const end = r.i + len;
  // A control character is 6 bytes escaped: the most any input byte becomes.
  room(r, len * 6 + 2);
  const o = r.o;
  let p = r.p;
  let i = r.i;
  o[p++] = 0x22;
  while (i < end) {
    const b = v[i];
    if (b < 0x80) {
      const e = ESCAPE[b];
      if (e.length === 0) o[p++] = b;
      else { e.copy(o, p); p += e.length; }
      i++;
      continue;
    }
    // Well-formed only (no overlongs, surrogates or code points past U+10FFFF): avsc's utf8Slice would
    // show anything else as U+FFFD, which the general path then does.
    let n = 0;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) n = 3;
    else if (b >= 0xf0 && b <= 0xf4) n = 4;
    if (n === 0 || i + n > end) return false;
    const b1 = v[i + 1];
    if ((b1 & 0xc0) !== 0x80) return false;
    if (n >= 3) {
      if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return false;
      if ((v[i + 2] & 0xc0) !== 0x80) return false;
      if (n === 4 && (v[i + 3] & 0xc0) !== 0x80) return false;
    }
    if (b === 0xc2 && b1 === 0xab) {
      // « is written \u00ab: data never opens a marker.
      LAQUO.copy(o, p);
      p += 6;
      i += 2;
      continue;
    }
    r.nonAscii = true;
    r.extra += n === 4 ? 2 : n - 1;
    for (let k = 0; k < n; k++) o[p++] = v[i++];
  }
  o[p++] = 0x22;
  r.p = p;
  r.i = end;
  return true;
}

/** Bytes and fixed: a string of one \u0000–\u00ff character per byte (JSON.stringify of latin1), « escaped. */
function latin1String(r: Run, len: number): void {
  const v = r.v;
  const end = r.i + len;
  room(r, len * 6 + 2);
  const o = r.o;
  let p = r.p;
  o[p++] = 0x22;
  for (let i = r.i; i < end; i++) {
    const b = v[i];
    if (b < 0x80) {
      const e = ESCAPE[b];
      if (e.length === 0) o[p++] = b;
      else { e.copy(o, p); p += e.length; }
    } else if (b === 0xab) {
      LAQUO.copy(o, p);
      p += 6;
    } else {
      r.nonAscii = true;
      r.extra++;
      o[p++] = 0xc0 | (b >> 6);
      o[p++] = 0x80 | (b & 0x3f);
    }
  }
  o[p++] = 0x22;
  r.p = p;
  r.i = end;
}

/** A length read as avsc reads it; -1 when it is not a sane one (negative, past the bytes, unreadable). */
function length(r: Run): number {
  const n = readLong(r);
  return n >= 0 && r.i + n <= r.v.length ? n : -1;
}

/** The text shown for a JSON text computed once (enum symbols, keys): its bytes and UTF-16 units. */
interface Fixed { bytes: Buffer; extra: number; nonAscii: boolean }
function fixedText(t: string): Fixed {
  const bytes = enc(t);
  return { bytes, extra: bytes.length - t.length, nonAscii: bytes.length !== t.length };
}
function putFixed(r: Run, f: Fixed): void {
  put(r, f.bytes);
  r.extra += f.extra;
  if (f.nonAscii) r.nonAscii = true;
}

/** A block-encoded array or map: `item` writes one element; the elements nested one level deeper. */
function blocks(r: Run, depth: number, open: number, close: number, item: W): boolean {
  let first = true;
  for (;;) {
    let n = readLong(r);
    if (n !== n) return false;
    if (n === 0) break;
    if (n < 0) {
      // A block with its size in bytes, which avsc skips as a varint.
      n = -n;
      do {
        if (r.i >= r.v.length) return false;
      } while (r.v[r.i++] & 0x80);
    }
    if (n > MAX_BLOCK) return false;
    for (let k = 0; k < n; k++) {
      room(r, 1);
      r.o[r.p++] = first ? open : 0x2c;
      first = false;
      pad(r, depth + 1);
      if (!item(r, depth + 1) || r.p > r.limit) return false;
    }
  }
  room(r, 2);
  if (first) {
    r.o[r.p++] = open;
    r.o[r.p++] = close;
    return true;
  }
  pad(r, depth);
  room(r, 1);
  r.o[r.p++] = close;
  return true;
}

/** A map key JS would not keep in insertion order (array indices) or not keep at all (__proto__). */
const reordered = (k: string): boolean => k === '__proto__' || /^[0-9]+$/.test(k);

function writerOf(t: avro.Type, memo: Map<avro.Type, W>): W | undefined {
  const known = memo.get(t);
  if (known) return known;
  switch (t.typeName) {
    case 'null': return (r) => { put(r, NULL); return true; };
    case 'boolean': return (r) => {
      if (r.i >= r.v.length) return false;
      put(r, r.v[r.i++] !== 0 ? TRUE : FALSE);
      return true;
    };
    case 'int': return (r) => {
      const n = readLong(r);
      if (n !== n) return false;
      integer(r, n);
      return true;
    };
    case 'abstract:long': return long;
    // {"type": "long"} is avsc's own long (a number), which refuses what a double cannot hold exactly.
    case 'long': return (r) => {
      const n = readLong(r);
      if (!(n >= -9007199254740990 && n <= 9007199254740990)) return false;
      integer(r, n);
      return true;
    };
    case 'float': return (r) => {
      if (r.i + 4 > r.v.length) return false;
      const x = r.v.readFloatLE(r.i);
      r.i += 4;
      const s = float32Text(x);
      ascii(r, x === x && x !== Infinity && x !== -Infinity ? s : `"${s}"`);
      return true;
    };
    case 'double': return (r) => {
      if (r.i + 8 > r.v.length) return false;
      const x = r.v.readDoubleLE(r.i);
      r.i += 8;
      if (Number.isInteger(x) && Math.abs(x) < 1e15 && !Object.is(x, -0)) integer(r, x);
      else ascii(r, x !== x ? '"NaN"' : x === Infinity ? '"Infinity"' : x === -Infinity ? '"-Infinity"' : Object.is(x, -0) ? '-0' : String(x));
      return true;
    };
    case 'string': return (r) => {
      const n = length(r);
      return n >= 0 && utf8String(r, n);
    };
    case 'bytes': return (r) => {
      const n = length(r);
      if (n < 0) return false;
      latin1String(r, n);
      return true;
    };
    case 'fixed': {
      const size = (t as avro.types.FixedType).size;
      return (r) => {
        if (r.i + size > r.v.length) return false;
        latin1String(r, size);
        return true;
      };
    }
    case 'enum': {
      const symbols = (t as avro.types.EnumType).symbols.map((s) => fixedText(shownString(s)));
      return (r) => {
        const k = readLong(r);
        const s = symbols[k];
        if (s === undefined) return false;
        putFixed(r, s);
        return true;
      };
    }
    case 'array': {
      let item: W | undefined;
      const self: W = (r, depth) => blocks(r, depth, 0x5b, 0x5d, item as W);
      memo.set(t, self);
      item = writerOf((t as avro.types.ArrayType).itemsType, memo);
      return item && self;
    }
    case 'map': {
      let value: W | undefined;
      const entry = (r: Run, depth: number, seen: Set<string>): boolean => {
        const n = length(r);
        if (n < 0) return false;
        // avsc fills a plain object: a repeated key keeps its first place with the last value, and
        // reordered keys move; the general path shows that.
        const key = r.v.toString('latin1', r.i, r.i + n);
        if (reordered(key) || seen.has(key)) return false;
        seen.add(key);
        if (!utf8String(r, n)) return false;
        colon(r);
        return (value as W)(r, depth);
      };
      const self: W = (r, depth) => {
        const seen = new Set<string>();
        return blocks(r, depth, 0x7b, 0x7d, (rr, d) => entry(rr, d, seen));
      };
      memo.set(t, self);
      value = writerOf((t as avro.types.MapType).valuesType as avro.Type, memo);
      return value && self;
    }
    case 'union:wrapped': {
      const types = (t as avro.types.WrappedUnionType).types;
      const branches: Array<{ name: Fixed; w: W } | null> = [];
      const self: W = (r, depth) => {
        const k = readLong(r);
        if (!(k >= 0 && k < branches.length)) return false;
        const b = branches[k];
        if (b === null) { put(r, NULL); return true; }
        room(r, 1);
        r.o[r.p++] = 0x7b;
        pad(r, depth + 1);
        putFixed(r, b.name);
        colon(r);
        if (!b.w(r, depth + 1)) return false;
        pad(r, depth);
        room(r, 1);
        r.o[r.p++] = 0x7d;
        return true;
      };
      memo.set(t, self);
      for (const bt of types) {
        if (bt.typeName === 'null') { branches.push(null); continue; }
        const w = writerOf(bt, memo);
        if (!w || bt.branchName === undefined) return undefined;
        branches.push({ name: fixedText(shownString(bt.branchName)), w });
      }
      return self;
    }
    case 'record': case 'error': {
      const fields: Array<{ name: Fixed; w: W }> = [];
      const self: W = (r, depth) => {
        if (depth >= MAX_DEPTH) return false;
        if (fields.length === 0) { ascii(r, '{}'); return true; }
        for (let k = 0; k < fields.length; k++) {
          room(r, 1);
          r.o[r.p++] = k === 0 ? 0x7b : 0x2c;
          pad(r, depth + 1);
          putFixed(r, fields[k].name);
          colon(r);
          if (!fields[k].w(r, depth + 1)) return false;
        }
        pad(r, depth);
        room(r, 1);
        r.o[r.p++] = 0x7d;
        return true;
      };
      memo.set(t, self);
      for (const f of (t as avro.types.RecordType).fields) {
        const w = writerOf(f.type, memo);
        if (!w) return undefined;
        fields.push({ name: fixedText(shownString(f.name)), w });
      }
      return self;
    }
    default: return undefined; // a type avsc may add: the general path
  }
}

/**
 * The writer for a schema, or undefined when it uses something only the general path shows. The writer
 * appends the payload `v[start…]`'s JSON to `out` as the general path shows it (indent 0: compact) and
 * returns its length in UTF-16 units, or -1 with `out` as it was.
 */
export function avroJsonWriter(type: avro.Type): ((v: Buffer, start: number, out: LineBytes, indent: number) => number) | undefined {
  const w = writerOf(type, new Map());
  if (!w) return undefined;
  return (v, start, out, indent) => {
    const from = out.length;
    const r: Run = { v, i: start, o: out.buf, p: from, lb: out, step: indent > 0 ? indent : 0, extra: 0, nonAscii: false, limit: from + MAX_OUT_BYTES };
    let ok = false;
    try {
      ok = w(r, 0) && r.i === v.length && r.p <= r.limit;
    } catch {
      ok = false; // a stack overflow on absurd nesting: the general path says what it says
    }
    if (!ok) {
      out.length = from;
      return -1;
    }
    out.length = r.p;
    if (r.nonAscii) out.nonAscii = true;
    return r.p - from - r.extra;
  };
}
