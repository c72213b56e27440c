// Small writes into byte buffers that happen once or more per record: a label, a template's literal text,
// an Avro field name, an integer's digits. At these sizes a loop over the bytes costs less than the native
// call of Buffer#copy or String(n) + Buffer#write (profiles of the every-record, Avro and produce rows).
// Pure: typed arrays only, so the webview bundle may hold it too.

/** Above this many bytes a native copy pays for its call. */
const LOOP_MAX = 64;

/** Copies `b` into `o` at `at` (room already made); returns the end. */
export function copyFew(b: Uint8Array, o: Uint8Array, at: number): number {
  const n = b.length;
  if (n > LOOP_MAX) {
    o.set(b, at);
    return at + n;
  }
  for (let k = 0; k < n; k++) o[at + k] = b[k];
  return at + n;
}

/** How many decimal digits a non-negative safe integer has. */
export function digitCount(n: number): number {
  let len = 1;
  for (let t = 10; n >= t; t *= 10) len++;
  return len;
}

/**
 * Writes a non-negative safe integer's `len` decimal digits (digitCount(n)) at `at`, as String(n) would
 * spell them; returns the end. −0 is written "0", as String(-0).
 */
export function writeDigits(o: Uint8Array, at: number, n: number, len: number): number {
  let i = at + len;
  // Int32 division while the number fits one; above 2^31 (timestamps) the float quotient, floored, is exact.
  while (n >= 2147483648) {
    const q = Math.floor(n / 10);
    o[--i] = 0x30 + (n - q * 10);
    n = q;
  }
  do {
    const q = (n / 10) | 0;
    o[--i] = 0x30 + (n - q * 10);
    n = q;
  } while (n > 0);
  return at + len;
}
