// Re-indents a JSON value given as UTF-8 bytes in one pass that checks it as it goes: the consumer's hot
// path (formatValue), where decoding the bytes to a string, checking it for control characters, JSON.parse
// to know it is JSON and prettyJson to re-indent it walked every value four times and made a string (or a
// parsed value) each time. The bytes are copied as they are (numbers keep their digits, strings their
// escapes, duplicated keys stay), so the result is exactly what asText → JSON.parse → prettyJson gives.
// Whatever it is not sure of it leaves to that general path by answering undefined: bytes that are not
// valid UTF-8 or hold a character asText refuses, a BOM, anything but an object or array, invalid JSON,
// nesting deeper than MAX_DEPTH. (Consumed JSON has no template placeholders: `{{` in a string is text.)

import { LineBytes } from './lineBytes';
import { isHexDigit, isJsonSpace, utf8SeqEnd } from './textBytes';

const MAX_DEPTH = 256;
/** Beyond this the general path (strings) does the work: no value's text this large is made in bytes. */
const MAX_OUT_BYTES = 8 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJ = 0x7b;
const CLOSE_OBJ = 0x7d;
const OPEN_ARR = 0x5b;
const CLOSE_ARR = 0x5d;
const SPACE = 0x20;
const NEWLINE = 0x0a;

const scratch = new LineBytes(256 * 1024);
const stack = new Uint8Array(MAX_DEPTH);

const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;
const TRUE = new Uint8Array([0x74, 0x72, 0x75, 0x65]);
const FALSE = new Uint8Array([0x66, 0x61, 0x6c, 0x73, 0x65]);
const NULL = new Uint8Array([0x6e, 0x75, 0x6c, 0x6c]);
// The escapes JSON allows after a backslash: " \ / b f n r t (u is checked on its own).
const SIMPLE_ESCAPE = new Uint8Array(128);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;
// Bytes a string literal holds as they are (printable ASCII but the quote and the backslash): most of a
// value's bytes, copied by one tight loop that asks one table per byte instead of three comparisons.
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) PLAIN[c] = c === QUOTE || c === BACKSLASH ? 0 : 1;

/**
 * Length of the UTF-8 sequence starting with `b` at v[i] (b ≥ 0x80) if it is well formed and not a
 * character asText refuses (C1 controls U+0080–U+009F, which start 0xc2 0x80–0x9f), else 0.
 */
function utf8Length(v: Uint8Array, i: number, b: number, n: number): number {
  const end = utf8SeqEnd(v, i, n);
  return end < 0 || (b === 0xc2 && v[i + 1] <= 0x9f) ? 0 : end - i;
}

/** A buffer of at least `need` bytes holding o's first p bytes; undefined when the value's text would pass MAX_OUT_BYTES. */
function grow(o: Buffer, p: number, need: number, from: number): Buffer | undefined {
  if (need - from > MAX_OUT_BYTES) return undefined;
  const bigger = Buffer.allocUnsafeSlow(Math.max(need, o.length * 2));
  o.copy(bigger, 0, 0, p);
  return bigger;
}

const VALUE = 0;
const KEY = 1;
const AFTER = 2;

/**
 * The value re-indented as prettyJson(text, indent) would (indent 0: compact), or undefined when the
 * general path must decide (see the top of this file). Only objects and arrays: a bare scalar is shown
 * as the text it is.
 */
export function prettyJsonBytes(v: Uint8Array, indent: number): string | undefined {
  scratch.length = 0;
  scratch.nonAscii = false;
  return indentJsonInto(v, indent, scratch) < 0 ? undefined : scratch.take();
}

/** v[k] inside the value (k < n), -1 past its end: the bytes after a value's end are another record's. */
const at = (v: Uint8Array, k: number, n: number): number => (k < n ? v[k] : -1);

/**
 * prettyJsonBytes appending to `lb`: the length of what it wrote as a string counts it (UTF-16 units),
 * or -1 when the general path must decide (then lb.length is as it was). The value is v[start, end): a
 * record's value read where it lies in its batch, without a Buffer made for it.
 */
export function indentJsonInto(v: Uint8Array, indent: number, lb: LineBytes, start = 0, end = v.length): number {
  const n = end;
  const step = indent > 0 ? indent : 0;
  const from = lb.length;
  if (n - start + 64 > MAX_OUT_BYTES) return -1;
  lb.ensure(n - start + 64);
  let o = lb.buf;
  // Room: o.length − p − (n − i) never drops below 8. Copying input moves p and i together; only
  // padding and ": " write more than they read, and both check first.
  let p = from;
  let i = start;
  let depth = 0;
  let nonAscii = false;
  // UTF-16 units = bytes − (bytes beyond the first of each multi-byte character, less one for a 4-byte one).
  let extraBytes = 0;
  let state = VALUE;
  let ok = false;
  while (i < n && isJsonSpace(v[i])) i++;
  if (i < n && (v[i] === OPEN_OBJ || v[i] === OPEN_ARR)) {
    scan: for (;;) {
      while (i < n && isJsonSpace(v[i])) i++;
      if (i >= n) { ok = depth === 0 && state === AFTER; break; }
      let b = v[i];
      if (state === AFTER) {
        if (depth === 0) break; // something after the value
        if (b === COMMA) {
          o[p++] = b;
          i++;
          state = stack[depth - 1] === CLOSE_OBJ ? KEY : VALUE;
        } else if (b === stack[depth - 1]) {
          depth--;
          i++;
        } else {
          break;
        }
        if (step > 0) {
          const width = depth * step;
          if (p + width + (n - i) + 9 > o.length) { const g = grow(o, p, p + width + (n - i) + 9, from); if (!g) break; o = g; }
          o[p++] = NEWLINE;
          for (let k = 0; k < width; k++) o[p++] = SPACE;
        }
        if (b !== COMMA) o[p++] = b;
        continue;
      }
      if (b === QUOTE) {
        // A string literal, copied as written: escapes checked, UTF-8 checked, no raw control characters.
        o[p++] = b;
        i++;
        for (;;) {
          while (i < n && PLAIN[b = v[i]] === 1) { o[p++] = b; i++; }
          if (i >= n) break scan;
          if (b === QUOTE) { o[p++] = b; i++; break; }
          if (b === BACKSLASH) {
            const e = at(v, i + 1, n);
            if (e < 128 && SIMPLE_ESCAPE[e] === 1) { o[p++] = b; o[p++] = e; i += 2; continue; }
            if (e !== 0x75 || i + 5 >= n || !isHexDigit(v[i + 2]) || !isHexDigit(v[i + 3]) || !isHexDigit(v[i + 4]) || !isHexDigit(v[i + 5])) break scan;
            for (let k = 0; k < 6; k++) o[p++] = v[i++];
          } else {
            // Raw C0 controls are not JSON; DEL and C1 controls are not text asText shows.
            const len = b < 0x80 ? 0 : utf8Length(v, i, b, n);
            if (len === 0) break scan;
            nonAscii = true;
            extraBytes += len === 4 ? 2 : len - 1;
            for (let k = 0; k < len; k++) o[p++] = v[i++];
          }
        }
        if (state === KEY) {
          while (i < n && isJsonSpace(v[i])) i++;
          if (at(v, i, n) !== COLON) break;
          i++;
          if (p + 2 + (n - i) + 9 > o.length) { const g = grow(o, p, p + 2 + (n - i) + 9, from); if (!g) break; o = g; }
          o[p++] = COLON;
          if (step > 0) o[p++] = SPACE;
          state = VALUE;
        } else {
          state = AFTER;
        }
        continue;
      }
      if (state === KEY) break; // a key must be a string
      if (b === OPEN_OBJ || b === OPEN_ARR) {
        const close = b === OPEN_OBJ ? CLOSE_OBJ : CLOSE_ARR;
        let j = i + 1;
        while (j < n && isJsonSpace(v[j])) j++;
        o[p++] = b;
        if (at(v, j, n) === close) {
          // Empty containers stay on one line.
          o[p++] = close;
          i = j + 1;
          state = AFTER;
          continue;
        }
        if (depth === MAX_DEPTH) break;
        stack[depth++] = close;
        i = j;
        if (step > 0) {
          const width = depth * step;
          if (p + width + (n - i) + 9 > o.length) { const g = grow(o, p, p + width + (n - i) + 9, from); if (!g) break; o = g; }
          o[p++] = NEWLINE;
          for (let k = 0; k < width; k++) o[p++] = SPACE;
        }
        state = b === OPEN_OBJ ? KEY : VALUE;
        continue;
      }
      if (b === 0x2d || isDigit(b)) {
        // -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?, copied digit for digit.
        const first = i;
        if (b === 0x2d) i++;
        const d = at(v, i, n);
        if (d === 0x30) {
          i++;
        } else if (d >= 0x31 && d <= 0x39) {
          while (i < n && isDigit(v[i])) i++;
        } else {
          break;
        }
        if (at(v, i, n) === 0x2e) {
          i++;
          if (!isDigit(at(v, i, n))) break;
          while (i < n && isDigit(v[i])) i++;
        }
        const e = at(v, i, n);
        if (e === 0x65 || e === 0x45) {
          i++;
          const sign = at(v, i, n);
          if (sign === 0x2b || sign === 0x2d) i++;
          if (!isDigit(at(v, i, n))) break;
          while (i < n && isDigit(v[i])) i++;
        }
        for (let k = first; k < i; k++) o[p++] = v[k];
        state = AFTER;
        continue;
      }
      const word = b === 0x74 ? TRUE : b === 0x66 ? FALSE : b === 0x6e ? NULL : undefined;
      if (word === undefined || i + word.length > n) break;
      for (let k = 0; k < word.length; k++) if (v[i + k] !== word[k]) break scan;
      for (let k = 0; k < word.length; k++) o[p++] = v[i++];
      state = AFTER;
    }
  }
  // Whatever was written, a grown buffer holds the bytes before `from`.
  lb.buf = o;
  if (!ok) return -1;
  lb.length = p;
  if (nonAscii) lb.nonAscii = true;
  return p - from - extraBytes;
}
