// The byte path for schema-decoded JSON (formatRecordInto with a decoded value). The string path built
// «label» + prettyJson(json) + a replace of « as strings, which LineBytes then copied char by char (and
// handed to Buffer.write at the « the marker always starts with): in the Avro decode bench that was about
// a third of the time per record. Here the label's bytes are made once per label and the JSON is encoded
// once into a reused buffer and re-indented from it by indentJsonInto, which gives prettyJson's text.

import { copyFew } from './fewBytes';
import { indentJsonInto } from './prettyJsonBytes';
import type { LineBytes } from './lineBytes';
import type { SchemaLabelFields } from './schemaLabel';

/** Decoded JSON longer than this goes the string way: the scratch buffer is not grown for it. */
const MAX_SCRATCH_CHARS = 256 * 1024;
let scratch = Buffer.allocUnsafeSlow(16 * 1024);

/**
 * `json` re-indented into `out` as prettyJson(json, indent, false) would, or -1 (out unchanged) when the
 * string path must do it: text holding « (which that path escapes as \u00ab), a bare scalar, anything
 * indentJsonInto is not sure of (C1 controls, a lone surrogate's U+FFFD…), or very long text.
 */
export function decodedJsonInto(out: LineBytes, json: string, indent: number): number {
  // « occurs only inside strings, and rarely: leaving those to the string path keeps its escaping exact
  // without a second pass here.
  if (json.length > MAX_SCRATCH_CHARS || json.includes('«')) return -1;
  // A UTF-16 unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4).
  if (scratch.length < json.length * 3) scratch = Buffer.allocUnsafeSlow(json.length * 3);
  const n = scratch.write(json, 0, 'utf8');
  return indentJsonInto(scratch.subarray(0, n), indent, out);
}

// A label object is made once per schema by the decoder and shared by its records, so keying on the
// object finds the bytes without building the label's text again.
const cache = new WeakMap<object, { bytes: Buffer; units: number }>();

/** `make()`'s text (made once per `key`) appended to `out` as UTF-8; returns its UTF-16 length. */
export function cachedInto(out: LineBytes, key: object, make: () => string): number {
  let c = cache.get(key);
  if (c === undefined) {
    const t = make();
    c = { bytes: Buffer.from(t, 'utf8'), units: t.length };
    cache.set(key, c);
  }
  const b = c.bytes;
  out.ensure(b.length);
  // A label is tens of bytes, written on every line.
  out.length = copyFew(b, out.buf, out.length);
  // More bytes than UTF-16 units: something is not ASCII, and the line must be decoded as UTF-8.
  if (b.length !== c.units) out.nonAscii = true;
  return c.units;
}

/**
 * A decoded value read only when it is shown: the consumer's Output path writes an Avro value's JSON from
 * its bytes into the line (src/kafka/serde/avroJsonBytes.ts) instead of decoding it into text first.
 */
export interface DirectJson {
  /** Appends the JSON as the string path would show it (its UTF-16 length), or -1 with `out` unchanged: then resolve(). */
  into(out: LineBytes, indent: number): number;
  /** The value decoded the general way: its JSON text, or why it could not be decoded. */
  resolve(): { ok: true; json: string; schema: SchemaLabelFields } | { ok: false; marker: string; schema?: SchemaLabelFields };
}

/**
 * «label» and the JSON of a value read straight from its bytes (what cachedInto + decodedJsonInto give for
 * its JSON text), or -1 with `out` as it was when the value must be resolved and shown the general way.
 */
export function directJsonInto(out: LineBytes, d: { direct: DirectJson; schema: SchemaLabelFields }, indent: number, label: () => string): number {
  const from = out.length;
  const nonAscii = out.nonAscii;
  const units = cachedInto(out, d.schema, label);
  const json = d.direct.into(out, indent);
  if (json >= 0) return units + json;
  out.length = from;
  out.nonAscii = nonAscii;
  return -1;
}
