// Byte-level rules of text that the byte readers share (prettyJsonBytes, jsonBytesScan, avroJsonRun): where
// a UTF-8 sequence ends, JSON's whitespace and hex digits, and whether a string can be spelled in UTF-8 at
// all. Pure (typed arrays only): the webview bundles it too. (primitiveFormats.ts keeps its own UTF-8 check:
// its test holds it to importing nothing.)

/**
 * The end of the well-formed UTF-8 sequence whose lead byte (≥ 0x80) is at b[i], reading no further than
 * `end`; -1 where it is not one. The WHATWG decoder's ranges (no overlong forms, no surrogates, nothing
 * above U+10FFFF), so -1 exactly where a fatal TextDecoder fails.
 */
export function utf8SeqEnd(b: Uint8Array, i: number, end: number): number {
  const c = b[i];
  if (c < 0xc2) return -1;
  if (c < 0xe0) return i + 1 < end && (b[i + 1] & 0xc0) === 0x80 ? i + 2 : -1;
  if (c < 0xf0) {
    if (i + 2 >= end) return -1;
    const c1 = b[i + 1];
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return c1 >= lo && c1 <= hi && (b[i + 2] & 0xc0) === 0x80 ? i + 3 : -1;
  }
  if (c < 0xf5) {
    if (i + 3 >= end) return -1;
    const c1 = b[i + 1];
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return c1 >= lo && c1 <= hi && (b[i + 2] & 0xc0) === 0x80 && (b[i + 3] & 0xc0) === 0x80 ? i + 4 : -1;
  }
  return -1;
}

/** JSON's whitespace: space, line feed, carriage return, tab. */
export const isJsonSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** 0-9, a-f, A-F. */
export const isHexDigit = (c: number): boolean => (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66);

/** Whether `s` has no lone surrogate, i.e. UTF-8 can spell it (TextEncoder would write U+FFFD for one). */
export const wellFormed = (s: string): boolean => !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);
