// The byte level of avroJsonBytes.ts: one write's state (the Avro payload read, the line's buffer written)
// and the readers/writers of each kind of Avro datum, each the text the general path shows for it (avsc's
// reading, JSON.stringify's escaping, prettyJson's layout). A reader answers false when it is not sure.
import { copyFew, digitCount, writeDigits } from '../rules/fewBytes';
import type { LineBytes } from '../rules/lineBytes';
import { utf8SeqEnd } from '../rules/textBytes';

/** One write: the payload being read and the line being written. */
export interface Run {
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
export type W = (r: Run, depth: number) => boolean;

export const MAX_DEPTH = 128;
/** A block count beyond this is left to avsc (it would allocate the array, or refuse to). */
const MAX_BLOCK = 1 << 20;
/** Beyond this the general path writes the text (as indentJsonInto leaves very large values to it). */
export const MAX_OUT_BYTES = 8 * 1024 * 1024;

export const enc = (s: string): Buffer => Buffer.from(s, 'utf8');

// What JSON.stringify writes for each ASCII character inside a string ('' where it writes it as is).
export const ESCAPE: Buffer[] = [];
for (let c = 0; c < 0x80; c++) {
  const t = JSON.stringify(String.fromCharCode(c)).slice(1, -1);
  ESCAPE.push(t.length === 1 ? Buffer.alloc(0) : enc(t));
}
export const LAQUO = enc('\\u00ab');
export const TRUE = enc('true');
export const FALSE = enc('false');
export const NULL = enc('null');

export function room(r: Run, n: number): void {
  if (r.p + n <= r.o.length) return;
  r.lb.length = r.p;
  r.lb.ensure(n);
  r.o = r.lb.buf;
}

export function put(r: Run, b: Buffer): void {
  room(r, b.length);
  r.p = copyFew(b, r.o, r.p);
}

export function ascii(r: Run, s: string): void {
  room(r, s.length);
  const o = r.o;
  for (let k = 0; k < s.length; k++) o[r.p++] = s.charCodeAt(k);
}

/** prettyJson's line break before a member at `depth` (nothing when compact). */
export function pad(r: Run, depth: number): void {
  if (r.step === 0) return;
  const w = depth * r.step;
  room(r, w + 1);
  const o = r.o;
  o[r.p++] = 0x0a;
  for (let k = 0; k < w; k++) o[r.p++] = 0x20;
}

export function colon(r: Run): void {
  room(r, 2);
  r.o[r.p++] = 0x3a;
  if (r.step > 0) r.o[r.p++] = 0x20;
}

/** A non-negative safe integer's digits. */
export function digits(r: Run, n: number): void {
  room(r, 17);
  r.p = writeDigits(r.o, r.p, n, digitCount(n));
}

export function integer(r: Run, n: number): void {
  if (!Number.isSafeInteger(n)) { ascii(r, String(n)); return; }
  if (n < 0) { room(r, 1); r.o[r.p++] = 0x2d; n = -n; }
  digits(r, n);
}

/** avsc's Tap.readLong, step for step (its float arithmetic past 28 bits included); NaN when the bytes end inside it. */
export function readLong(r: Run): number {
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
export function long(r: Run): boolean {
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

/** An ASCII byte as JSON.stringify writes it inside a string: itself, or its escape. Returns the end. */
function asciiInto(o: Buffer, p: number, b: number): number {
  const e = ESCAPE[b];
  if (e.length === 0) {
    o[p] = b;
    return p + 1;
  }
  return copyFew(e, o, p);
}

/** `len` payload bytes of an Avro string as a JSON string; false when they are not well-formed UTF-8. */
export function utf8String(r: Run, len: number): boolean {
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
      p = asciiInto(o, p, b);
      i++;
      continue;
    }
    // Well-formed only (no overlongs, surrogates or code points past U+10FFFF): avsc's utf8Slice would
    // show anything else as U+FFFD, which the general path then does.
    const seqEnd = utf8SeqEnd(v, i, end);
    if (seqEnd < 0) return false;
    const n = seqEnd - i;
    if (b === 0xc2 && v[i + 1] === 0xab) {
      // « is written \u00ab: data never opens a marker.
      for (let k = 0; k < 6; k++) o[p++] = LAQUO[k];
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
export function latin1String(r: Run, len: number): void {
  const v = r.v;
  const end = r.i + len;
  room(r, len * 6 + 2);
  const o = r.o;
  let p = r.p;
  o[p++] = 0x22;
  for (let i = r.i; i < end; i++) {
    const b = v[i];
    if (b < 0x80) {
      p = asciiInto(o, p, b);
    } else if (b === 0xab) {
      for (let k = 0; k < 6; k++) o[p++] = LAQUO[k];
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
export function length(r: Run): number {
  const n = readLong(r);
  return n >= 0 && r.i + n <= r.v.length ? n : -1;
}

/** The text shown for a JSON text computed once (enum symbols, keys): its bytes and UTF-16 units. */
export interface Fixed { bytes: Buffer; extra: number; nonAscii: boolean }
export function fixedText(t: string): Fixed {
  const bytes = enc(t);
  return { bytes, extra: bytes.length - t.length, nonAscii: bytes.length !== t.length };
}
export function putFixed(r: Run, f: Fixed): void {
  put(r, f.bytes);
  r.extra += f.extra;
  if (f.nonAscii) r.nonAscii = true;
}

/** A block-encoded array or map: `item` writes one element; the elements nested one level deeper. */
export function blocks(r: Run, depth: number, open: number, close: number, item: W): boolean {
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

