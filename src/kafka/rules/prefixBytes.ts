// The start of a record's line (`2026-12-03T13:21:18.478Z p0@12345 `) written straight into the line's
// bytes. Built as a string, the prefix was a concatenation of five pieces that had to be flattened again to
// be encoded, for every record shown; its ISO timestamp was made by a Date each time the millisecond changed
// (records of a batch share a second far more often than a millisecond). The text is recordFormat's
// isoTime and recordPrefix's, byte for byte (formatRecordInto.test.ts and prefixBytes.test.ts compare them).

import type { LineBytes } from './lineBytes';

/** The ISO text of the last timestamp written, its bytes, and the epoch second it lies in (NaN: not ISO text). */
let lastTs: string | undefined;
const iso = new Uint8Array(32);
let isoLen = 0;
let isoSecond = Number.NaN;

/** Appends the ASCII text `s` (a caller knows it is ASCII) as bytes. */
function asciiInto(out: LineBytes, s: string): void {
  const n = s.length;
  out.ensure(n);
  const b = out.buf;
  let p = out.length;
  for (let k = 0; k < n; k++) b[p++] = s.charCodeAt(k);
  out.length = p;
}

/** Whether `s` is made of ASCII characters only. */
function isAscii(s: string): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) >= 0x80) return false;
  return true;
}

/**
 * `isoTime(ms) + ' '` appended as UTF-8; returns its length in UTF-16 units. -1 and anything Date cannot
 * show is `ts=<as given>`, as isoTime writes it.
 */
export function timestampInto(out: LineBytes, ms: string): number {
  if (ms !== lastTs) {
    const n = Number(ms);
    if (!Number.isFinite(n) || n < 0 || n > 8.64e15) {
      lastTs = undefined;
      return out.write(`ts=${ms} `);
    }
    const second = Math.floor(n / 1000);
    if (second === isoSecond && Number.isInteger(n)) {
      // Same second: only the milliseconds differ, the three digits before the closing Z.
      const milli = n - second * 1000;
      iso[isoLen - 4] = 0x30 + Math.floor(milli / 100);
      iso[isoLen - 3] = 0x30 + (Math.floor(milli / 10) % 10);
      iso[isoLen - 2] = 0x30 + (milli % 10);
    } else {
      const text = new Date(n).toISOString();
      for (let k = 0; k < text.length; k++) iso[k] = text.charCodeAt(k);
      isoLen = text.length;
      // A fractional timestamp is truncated by Date: its digits are not patched, its text made again.
      isoSecond = Number.isInteger(n) ? second : Number.NaN;
    }
    lastTs = ms;
  }
  out.ensure(isoLen + 1);
  const b = out.buf;
  let p = out.length;
  for (let k = 0; k < isoLen; k++) b[p++] = iso[k];
  b[p++] = 0x20;
  out.length = p;
  return isoLen + 1;
}

/**
 * recordPrefix's partition and offset part (`p3@42 `, `p3 `, `@42 `, or nothing) appended as UTF-8;
 * returns its length in UTF-16 units.
 */
export function positionInto(out: LineBytes, partition: number, offset: string, showPartition: boolean, showOffset: boolean): number {
  if (!showPartition && !showOffset) return 0;
  const part = showPartition ? String(partition) : '';
  // Offsets are decimal digits; anything else a caller passes goes the general way.
  if (!isAscii(offset) || !isAscii(part)) {
    return out.write(showPartition && showOffset ? `p${part}@${offset} ` : showPartition ? `p${part} ` : `@${offset} `);
  }
  const start = out.length;
  if (showPartition) { out.byte(0x70); asciiInto(out, part); }
  if (showOffset) { out.byte(0x40); asciiInto(out, offset); }
  out.byte(0x20);
  return out.length - start;
}
