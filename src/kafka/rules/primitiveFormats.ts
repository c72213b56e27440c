// Keys and values as Kafka's own Serdes write them, without any registry: UTF-8 strings, big-endian
// integers and floats, and raw bytes typed as hex or base64. Pure: the producer webview validates with it,
// so no Node Buffer here (a Buffer is a Uint8Array, so Node callers pass theirs as is).

/** Big-endian like Kafka's ShortSerializer/IntegerSerializer/LongSerializer/FloatSerializer/DoubleSerializer; string is UTF-8 (StringSerializer). */
export const PRIMITIVE_FORMATS = ['string', 'int16', 'int32', 'int64', 'float32', 'float64', 'hex', 'base64'] as const;
export type PrimitiveFormat = (typeof PRIMITIVE_FORMATS)[number];

export const isPrimitiveFormat = (s: string): s is PrimitiveFormat => (PRIMITIVE_FORMATS as readonly string[]).includes(s);

const WIDTH: Partial<Record<PrimitiveFormat, number>> = { int16: 2, int32: 4, int64: 8, float32: 4, float64: 8 };
const INT_RANGE: Partial<Record<PrimitiveFormat, [bigint, bigint]>> = {
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-9223372036854775808n, 9223372036854775807n],
};

const bytesWord = (n: number): string => `${n} byte${n === 1 ? '' : 's'}`;

/** The shortest decimal text that reads back as the same float32 (what Java's Float.toString aims at). */
export function float32Text(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (Object.is(v, -0)) return '-0';
  for (let p = 1; p <= 9; p++) {
    const t = v.toPrecision(p);
    if (Math.fround(Number(t)) === v) return String(Number(t));
  }
  return String(v);
}

export const float64Text = (v: number): string => (Object.is(v, -0) ? '-0' : String(v));

/** Where UTF-8 is invalid (first bad byte's offset), or -1: TextDecoder's fatal mode does not say where. */
function invalidUtf8At(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length) return i;
    for (let k = 1; k <= n; k++) if ((b[i + k] & 0xc0) !== 0x80) return i;
    // Overlongs, surrogates and code points above U+10FFFF.
    if ((c === 0xe0 && b[i + 1] < 0xa0) || (c === 0xed && b[i + 1] >= 0xa0) || (c === 0xf0 && b[i + 1] < 0x90) || (c === 0xf4 && b[i + 1] >= 0x90)) return i;
    i += n + 1;
  }
  return -1;
}

const HEX = '0123456789abcdef';
export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += HEX[x >> 4] + HEX[x & 15];
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
export function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    s += B64[(n >> 18) & 63] + B64[(n >> 12) & 63] + (i + 1 < b.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < b.length ? B64[n & 63] : '=');
  }
  return s;
}

/** A key or value's bytes as text in one primitive format, exactly (int64 through BigInt, floats shortest). */
export function decodePrimitive(b: Uint8Array, f: PrimitiveFormat): { text: string } | { error: string } {
  const width = WIDTH[f];
  if (width !== undefined && b.length !== width) return { error: `${bytesWord(b.length)}, not ${f.startsWith('i') ? 'an' : 'a'} ${f} (${bytesWord(width)})` };
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (f) {
    case 'int16': return { text: String(view.getInt16(0)) };
    case 'int32': return { text: String(view.getInt32(0)) };
    case 'int64': return { text: view.getBigInt64(0).toString() };
    case 'float32': return { text: float32Text(view.getFloat32(0)) };
    case 'float64': return { text: float64Text(view.getFloat64(0)) };
    case 'hex': return { text: toHex(b) };
    case 'base64': return { text: toBase64(b) };
    case 'string': {
      const at = invalidUtf8At(b);
      if (at >= 0) return { error: `not UTF-8: byte ${at} (0x${toHex(b.subarray(at, at + 1))}) cannot start or continue a character; pick hex or base64 to see these bytes` };
      return { text: new TextDecoder('utf-8').decode(b) };
    }
  }
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function encodeInt(t: string, f: 'int16' | 'int32' | 'int64'): { bytes: Uint8Array } | { error: string } {
  if (!INTEGER.test(t)) return { error: `${JSON.stringify(t)} is not a whole number (an ${f} is written in decimal digits, e.g. -42)` };
  const n = BigInt(t);
  const [lo, hi] = INT_RANGE[f] as [bigint, bigint];
  if (n < lo || n > hi) return { error: `${t} is out of ${f}'s range ${lo.toString().replace('-', '−')}…${hi}` };
  const bytes = new Uint8Array(WIDTH[f] as number);
  const view = new DataView(bytes.buffer);
  if (f === 'int16') view.setInt16(0, Number(n));
  else if (f === 'int32') view.setInt32(0, Number(n));
  else view.setBigInt64(0, n);
  return { bytes };
}

function encodeFloat(t: string, f: 'float32' | 'float64'): { bytes: Uint8Array } | { error: string } {
  const special: Record<string, number> = { NaN: NaN, Infinity: Infinity, '+Infinity': Infinity, '-Infinity': -Infinity };
  if (!(t in special) && !DECIMAL.test(t)) return { error: `${JSON.stringify(t)} is not a number (e.g. 3.14, -1e-3, NaN, Infinity)` };
  const v = t in special ? special[t] : Number(t);
  if (Number.isFinite(v) === false && !(t in special)) return { error: `${t} is out of ${f}'s range (at most ±1.7976931348623157e308)` };
  if (f === 'float32' && Number.isFinite(v) && !Number.isFinite(Math.fround(v))) return { error: `${t} is out of float32's range (at most ±3.4028235e38); use float64` };
  const bytes = new Uint8Array(WIDTH[f] as number);
  const view = new DataView(bytes.buffer);
  if (f === 'float32') view.setFloat32(0, v);
  else view.setFloat64(0, v);
  return { bytes };
}

function encodeHex(text: string): { bytes: Uint8Array } | { error: string } {
  const t = text.replace(/\s+/g, '').replace(/^0x/i, '');
  const bad = /[^0-9a-fA-F]/.exec(t);
  if (bad) return { error: `${JSON.stringify(bad[0])} is not a hex digit (at hex digit ${bad.index + 1}); write bytes as pairs like 0a ff 10` };
  if (t.length % 2 === 1) return { error: `${t.length} hex digits: an odd count; each byte is two digits (0a, not a)` };
  const bytes = new Uint8Array(t.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(t.slice(i * 2, i * 2 + 2), 16);
  return { bytes };
}

function encodeBase64(text: string): { bytes: Uint8Array } | { error: string } {
  const t = text.trim();
  const bad = /[^A-Za-z0-9+/=]/.exec(t);
  if (bad) return { error: `${JSON.stringify(bad[0])} at position ${bad.index + 1} is not in base64's alphabet (A–Z a–z 0–9 + /, = only as padding at the end)` };
  if (t.length % 4 !== 0) return { error: `${t.length} characters: base64 comes in groups of 4 (pad the end with =)` };
  const pad = /=*$/.exec(t)?.[0].length ?? 0;
  if (pad > 2 || t.slice(0, t.length - pad).includes('=')) return { error: '"=" is only padding: at most two, at the very end' };
  const out = new Uint8Array((t.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < t.length; i += 4) {
    const n = (B64.indexOf(t[i]) << 18) | (B64.indexOf(t[i + 1]) << 12) | ((t[i + 2] === '=' ? 0 : B64.indexOf(t[i + 2])) << 6) | (t[i + 3] === '=' ? 0 : B64.indexOf(t[i + 3]));
    if (o < out.length) out[o++] = (n >> 16) & 255;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return { bytes: out };
}

/** Text typed by a person → the bytes Kafka's own serializer for that format writes; every refusal says why. */
export function encodePrimitive(text: string, f: PrimitiveFormat): { bytes: Uint8Array } | { error: string } {
  switch (f) {
    case 'string': return { bytes: new TextEncoder().encode(text) };
    case 'int16': case 'int32': case 'int64': return encodeInt(text.trim(), f);
    case 'float32': case 'float64': return encodeFloat(text.trim(), f);
    case 'hex': return encodeHex(text);
    case 'base64': return encodeBase64(text);
  }
}
