// Primitive formats as Kafka's own Serdes write them: exact int64 through BigInt, shortest floats, strict
// hex/base64, and every refusal naming what was wrong. Bytes checked against Node's Buffer, which the pure
// module itself does not use (the webview bundles it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/cache';
import { decodePrimitive, encodePrimitive, type PrimitiveFormat } from '../../src/kafka/rules/primitiveFormats';

const enc = (t: string, f: PrimitiveFormat): string => {
  const r = encodePrimitive(t, f);
  if ('error' in r) return `error: ${r.error}`;
  return Buffer.from(r.bytes).toString('hex');
};
const dec = (hex: string, f: PrimitiveFormat): string => {
  const r = decodePrimitive(Buffer.from(hex, 'hex'), f);
  return 'error' in r ? `error: ${r.error}` : r.text;
};

test('integers are big-endian two\'s complement like Kafka\'s Short/Integer/LongSerializer; int64 exact beyond 2^53', () => {
  assert.equal(enc('-2', 'int16'), 'fffe');
  assert.equal(enc('305419896', 'int32'), '12345678');
  assert.equal(enc('9007199254740993', 'int64'), '0020000000000001');
  assert.equal(dec('0020000000000001', 'int64'), '9007199254740993');
  assert.equal(dec('8000000000000000', 'int64'), '-9223372036854775808');
  assert.equal(dec('ffff', 'int16'), '-1');
  assert.equal(enc('70000', 'int16'), 'error: 70000 is out of int16\'s range −32768…32767');
  assert.equal(enc('9223372036854775808', 'int64'), 'error: 9223372036854775808 is out of int64\'s range −9223372036854775808…9223372036854775807');
  assert.match(enc('1.5', 'int32'), /^error: "1.5" is not a whole number/);
  assert.equal(dec('00000001', 'int64'), 'error: 4 bytes, not an int64 (8 bytes)');
  assert.equal(dec('00', 'float32'), 'error: 1 byte, not a float32 (4 bytes)');
});

test('floats read back as the shortest text that gives the same float (0.1f is 0.1, not 0.10000000149011612)', () => {
  assert.equal(enc('0.1', 'float32'), '3dcccccd');
  assert.equal(dec('3dcccccd', 'float32'), '0.1');
  assert.equal(dec(Buffer.from(new Float64Array([0.1 + 0.2]).buffer).reverse().toString('hex'), 'float64'), '0.30000000000000004');
  assert.equal(enc('-0', 'float64'), '8000000000000000');
  assert.equal(dec('8000000000000000', 'float64'), '-0');
  assert.equal(dec('7fc00000', 'float32'), 'NaN');
  assert.equal(enc('-Infinity', 'float64'), 'fff0000000000000');
  assert.equal(enc('1e39', 'float32'), 'error: 1e39 is out of float32\'s range (at most ±3.4028235e38); use float64');
  assert.match(enc('abc', 'float64'), /^error: "abc" is not a number/);
});

test('strings are UTF-8; invalid bytes are named with their offset', () => {
  assert.equal(enc('héllo', 'string'), Buffer.from('héllo').toString('hex'));
  assert.equal(dec(Buffer.from('€ ok').toString('hex'), 'string'), '€ ok');
  assert.match(dec('41c328', 'string'), /^error: not UTF-8: byte 1 \(0xc3\)/);
  assert.match(dec('41e282', 'string'), /^error: not UTF-8: byte 1/); // truncated sequence at the end
  assert.match(dec('eda080', 'string'), /^error: not UTF-8: byte 0/); // a surrogate
});

test('hex with or without spaces (and 0x); base64 strict', () => {
  assert.equal(enc('0A ff\n10', 'hex'), '0aff10');
  assert.equal(enc('0xdead', 'hex'), 'dead');
  assert.match(enc('abc', 'hex'), /^error: 3 hex digits: an odd count/);
  assert.match(enc('zz', 'hex'), /^error: "z" is not a hex digit \(at hex digit 1\)/);
  assert.equal(dec('00ff', 'hex'), '00ff');
  for (const s of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar']) {
    const b64 = Buffer.from(s).toString('base64');
    assert.equal(enc(b64, 'base64'), Buffer.from(s).toString('hex'), b64);
    assert.equal(dec(Buffer.from(s).toString('hex'), 'base64'), b64);
  }
  assert.match(enc('Zm9v!', 'base64'), /^error: "!" at position 5 is not in base64's alphabet/);
  assert.match(enc('Zm9', 'base64'), /^error: 3 characters: base64 comes in groups of 4/);
  assert.match(enc('Zm=v', 'base64'), /only padding/);
});

test('the pure module never imports Node\'s Buffer (the webview bundles it)', () => {
  const src = readFileSync(join(repoRoot, 'src/kafka/rules/primitiveFormats.ts'), 'utf8');
  assert.doesNotMatch(src, /\bBuffer\.|: Buffer\b|^import |require\(/m);
});
