// The JSON condition on a value's bytes (jsonBytesMatch.ts, jsonBytesScan.ts) must select exactly the
// records the string path selected (a fatal TextDecoder, then conditionMatcher on the text), for every
// value: generated JSON (nested objects and arrays, escaped and duplicated keys, numbers in every form,
// strings with escapes and non-ASCII text), the same bytes mutated into anything (invalid UTF-8, invalid
// JSON, cut short), values that are not objects, and hand-picked bytes. It must also answer by itself for
// nearly all of the JSON it meets, or it would be slow for nothing: it leaves only a byte order mark and very
// deep nesting to the string path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { conditionMatcher, parseCondition } from '../../src/kafka/rules/jsonCondition';
import { bytesConditionMatcher } from '../../src/kafka/rules/jsonBytesMatch';
import { NO, UNSURE, YES } from '../../src/kafka/rules/jsonBytesScan';
import { compileFilter } from '../../src/kafka/rules/recordFilter';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';
import { prng } from '../harness/prng';

const CONDITIONS = [
  'amount > 500 and status in ("failed", "timeout")',
  'amount == 0', 'amount == -0', 'amount < 0', 'amount >= 500', 'amount <= 1.5', 'amount == 1.10', 'amount == 1e2', 'amount > 1e300',
  'amount == 9007199254740993', 'amount == 1377719259139221800.0', 'amount >= 1377719259139221800.0', 'amount > 9007199254740992', 'amount < -123456789012345', 'amount == 123456789012345',
  'amount == 1234567890123456', 'amount != null', 'amount == null', 'amount exists', 'not amount exists', 'amount == "500"',
  'status == "ok"', 'status != "failed"', 'status < "p"', 'status >= "grüße"', 'status contains "ai"', 'status contains "👋"',
  'status == "grüße 👋"', 'status == "a\\u00e9 b"', 'status == "\\ud800"', 'status == "\\ud83d\\udc4b"', 'status == "\\"q\\""',
  'status == ""', 'status == true', 'status in (1, "ok", null, true)',
  'user.id == 42', 'user.id == "42"', 'user.id > 12345678901234567890', 'user.name exists', 'not user exists', 'user == null',
  'user.name contains "d"', 'items[1].sku == "B"', 'items[0] == 1', 'items exists', '["odd key"] == true', '[0] == 1', '[1].a == 2',
  '["st\\u0061tus"] == "ok"', '["grüße"] == 1', '["k\\u00e9y"] exists', '["\\ud800"] exists', '__proto__ exists', 'constructor == 1',
  'flag == true', 'flag != false', 'flag == null', 'dup == 2', 'dup.x == 1', 'user.id == 42 or status == "ok"', 'not (amount < 100 or flag == true)',
];

const NUMBERS = ['0', '-0', '1', '-1', '42', '500', '501', '1.5', '1.10', '-0.0', '0e0', '1e2', '1E+2', '2e-7', '100.0', '1e400', '-1e400',
  '12345678901234567890', '9007199254740993', '9007199254740992', '-9223372036854775808', '123456789012345', '-123456789012345',
  '1234567890123456', '-12345678901234', '1377719259139221655', '-1377719259139221655', '999', '0.1e1', '3.14159265358979323846264338327950288'];
const STRINGS = ['ok', 'failed', 'timeout', '', 'a', 'grüße', 'grüße 👋', 'a\\u00e9 b', 'aé b', '\\ud83d\\udc4b', '👋', '\\ud800',
  '\\"q\\"', 'back\\\\slash', '\\/\\b\\f\\n\\r\\t', '\u2028\u2029', 'mid\ufeffbom', '\ufffd', '42', '500', 'pai', '日本語', '\\u0000', 'st\\u0061tus', 'p'];
const KEYS = ['amount', 'amount', 'status', 'status', 'user', 'id', 'name', 'items', 'sku', 'a', 'flag', 'dup', 'dup', 'x', 'odd key',
  'st\\u0061tus', '\\u0061mount', 'grüße', 'k\\u00e9y', 'kéy', '__proto__', 'constructor', '\\ud800', 'amoun', 'amounts', ''];
const WS = ['', '', '', '', ' ', '\n', '\t', '\r\n', '  '];

function genValue(r: () => number, depth: number, ws: () => string): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const k = r();
  if (depth < 4 && k < 0.3) {
    const n = Math.floor(r() * 6);
    const members: string[] = [];
    for (let i = 0; i < n; i++) members.push(`${ws()}"${pick(KEYS)}"${ws()}:${genValue(r, depth + 1, ws)}`);
    return `${ws()}{${members.join(',')}${ws()}}${ws()}`;
  }
  if (depth < 4 && k < 0.4) {
    const n = Math.floor(r() * 4);
    const items: string[] = [];
    for (let i = 0; i < n; i++) items.push(genValue(r, depth + 1, ws));
    return `${ws()}[${items.join(',')}${ws()}]${ws()}`;
  }
  if (k < 0.65) return ws() + pick(NUMBERS) + ws();
  if (k < 0.9) return `${ws()}"${pick(STRINGS)}"${ws()}`;
  return ws() + pick(['true', 'false', 'null']) + ws();
}

/** A top-level object whose wanted fields come up often. */
function genRecord(r: () => number, ws: () => string): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const members: string[] = [];
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const key = pick(KEYS);
    const v = key === 'amount' && r() < 0.6 ? pick(NUMBERS) : key === 'status' && r() < 0.6 ? `"${pick(STRINGS)}"` : genValue(r, 1, ws);
    members.push(`${ws()}"${key}"${ws()}:${ws()}${v}`);
  }
  return `${ws()}{${members.join(',')}}${ws()}`;
}

const INTERESTING = [0x00, 0x1f, 0x20, 0x22, 0x2c, 0x2d, 0x2e, 0x30, 0x3a, 0x5c, 0x5b, 0x5d, 0x65, 0x75, 0x7b, 0x7d, 0x7f,
  0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff];

/** UTF-8 a fatal TextDecoder refuses (surrogates, overlong forms, beyond U+10FFFF, cut short), and a byte order mark. */
const INVALID = ['\xed\xa0\x80', '\xed\xbf\xbf', '\xc0\x80', '\xc1\xbf', '\xe0\x80\x80', '\xe0\x9f\xbf', '\xf0\x80\x80\x80',
  '\xf0\x8f\xbf\xbf', '\xf4\x90\x80\x80', '\xf5\x80\x80\x80', '\xe2\x82', '\xf0\x9f\x91', '\xef\xbb\xbf', '\xed\x9f\xbf', '\xf4\x8f\xbf\xbf'];

function mutate(r: () => number, b: Buffer): Buffer {
  const at = Math.floor(r() * (b.length + 1));
  const byte = INTERESTING[Math.floor(r() * INTERESTING.length)];
  const k = r();
  if (k < 0.3 && b.length > 0) { const c = Buffer.from(b); c[Math.min(at, b.length - 1)] = byte; return c; }
  if (k < 0.55) return Buffer.concat([b.subarray(0, at), Buffer.from([byte]), b.subarray(at)]);
  if (k < 0.75) return Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
  if (k < 0.9) return b.subarray(0, at);
  return Buffer.concat([b.subarray(0, at), Buffer.from(INVALID[Math.floor(r() * INVALID.length)], 'latin1'), b.subarray(at)]);
}

const HAND = [
  '', ' ', '{}', '[]', '{"amount":600,"status":"failed"}', '\ufeff{"amount":600,"status":"failed"}', '\ufeff\ufeff{"amount":600}',
  ' \ufeff{"amount":600}', '{"amount":600,"status":"failed"', '{"amount":600,"status":"failed",}', '{"amount":600 "status":"failed"}',
  '{"amount":600,"status":"failed"}x', '{"amount":0600}', '{"amount":-}', '{"amount":1.}', '{"amount":1e}', '{"amount":.5}', '{"amount":+1}',
  '{"amount":600,"amount":400,"status":"failed"}', '{"amount":400,"amount":600,"status":"failed"}', '{"st\\u0061tus":"failed","amount":600}',
  '{"status":"failed","st\\u0061tus":"ok","amount":600}', '{"amount":600,"status":"fa\\u0069led"}', '{"amount":600,"status":"failed\\u"}',
  '{"amount":600,"status":"failed\\x"}', '{"amount":600,"status":"fai\nled"}', '{"amount":NaN}', '{"amount":Infinity}', '{"amount":tru}',
  '{"amount":true,"status":nul}', '"failed"', '600', 'null', 'true', '[{"amount":600,"status":"failed"}]', '{"user":{"id":42},"user":5}',
  '{"user":{"id":42},"user":{}}', '{"dup":{"x":1},"dup":2}', '{"dup":2,"dup":{"x":1}}', '{"items":[1,{"sku":"B"}]}', '{"items":[{"sku":"A"},{"sku":"B"},]}',
  '{"amount":1e400,"status":"timeout"}', '{"amount":600.0e0,"status":"timeout"}', `${'['.repeat(300)}1${']'.repeat(300)}`,
  `{"amount":600,"status":"failed","x":${'['.repeat(300)}${']'.repeat(300)}}`, `${'{"a":'.repeat(300)}1${'}'.repeat(300)}`,
];

const oldPath = (src: string): ((b: Buffer) => boolean) => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const m = conditionMatcher(parseCondition(src));
  return (b) => {
    if (b.length === 0) return false;
    let s: string;
    try { s = strict.decode(b); } catch { return false; }
    return m(s);
  };
};

function values(): Buffer[] {
  const r = prng(16_316);
  const ws = (): string => WS[Math.floor(r() * WS.length)];
  const out: Buffer[] = HAND.map((s) => Buffer.from(s));
  out.push(Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from([0x7b, 0x7d, 0xff]), Buffer.from('{"status":"\xff"}', 'latin1'));
  for (let i = 0; i < 1500; i++) out.push(Buffer.from(genRecord(r, ws)));
  for (let i = 0; i < 300; i++) out.push(Buffer.from(genValue(r, 0, ws)));
  const made = out.length;
  for (let i = 0; i < 2500; i++) {
    let b = out[Math.floor(r() * made)];
    const times = 1 + Math.floor(r() * 3);
    for (let t = 0; t < times; t++) b = mutate(r, b);
    out.push(b);
  }
  return out;
}

test('the byte path selects exactly what the string path selected, for every value and condition', () => {
  const vs = values();
  let checked = 0;
  let unsure = 0;
  let yes = 0;
  let valid = 0;
  for (const src of CONDITIONS) {
    const old = oldPath(src);
    const bytes = bytesConditionMatcher(parseCondition(src));
    const f = compileFilter({ json: src });
    assert.ok(f.ok);
    for (const v of vs) {
      const want = old(v);
      const rec: ConsumedRecord = { partition: 0, offset: '0', timestamp: '0', key: null, value: v, headers: {} };
      assert.equal(f.test(rec), want, `${src} on ${JSON.stringify(v.toString('latin1'))}`);
      const b = bytes(v);
      if (b === UNSURE) unsure++;
      else assert.equal(b === YES, want, `byte path: ${src} on ${JSON.stringify(v.toString('latin1'))}`);
      if (want) yes++;
      checked++;
    }
    valid += vs.filter((v) => { try { JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(v)); return true; } catch { return false; } }).length;
  }
  // Enough of both answers that the comparison means something, and the byte path answers nearly everything.
  assert.ok(yes > checked / 50, `only ${yes} of ${checked} matched`);
  assert.ok(valid > checked / 3, `only ${valid} of ${checked} were JSON`);
  assert.ok(unsure < checked / 10, `the byte path was unsure of ${unsure} of ${checked}`);
});

test('what the byte path leaves to the string path: a byte order mark, deep nesting', () => {
  const m = bytesConditionMatcher(parseCondition('status == "failed"'));
  assert.equal(m(Buffer.from('\ufeff{"status":"failed"}')), UNSURE);
  assert.equal(m(Buffer.from('{"st\\u0061tus":"failed"}')), YES);
  assert.equal(m(Buffer.from('{"status":"failed","st\\u0061tus":"ok"}')), NO);
  assert.equal(m(Buffer.from(`{"x":${'['.repeat(300)}${']'.repeat(300)},"status":"failed"}`)), UNSURE);
  // Escapes elsewhere (a value, a key inside a member nobody asks about) are read on the bytes too.
  assert.equal(m(Buffer.from('{"status":"f\\u0061iled","x":{"\\u0061":1}}')), YES);
  assert.equal(m(Buffer.from('{"status":"failed","x":{"st\\u0061tus":1}}')), YES);
});
