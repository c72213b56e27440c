// The one-pass JSON re-indenter must show exactly what the general path shows (asText → JSON.parse to
// know it is JSON → prettyJson) for every input it answers, and must answer for the JSON a consumer
// meets, or it would be slow for nothing. Inputs: generated JSON (Unicode raw and escaped, numbers as
// written, duplicate and __proto__ keys, nested and empty containers, odd whitespace), the same bytes
// mutated into anything, and hand-picked bytes that are not UTF-8 or not text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indentJsonInto, prettyJsonBytes } from '../../src/kafka/rules/prettyJsonBytes';
import { LineBytes } from '../../src/kafka/rules/lineBytes';
import { prettyJson } from '../../src/kafka/rules/prettyJson';
import { asText, DEFAULT_FORMAT, formatValue } from '../../src/kafka/rules/recordFormat';
import { prng } from '../harness/prng';

/** What formatValue showed for a JSON object or array before the one-pass path, or undefined if it was not shown as JSON. */
function generalPath(b: Buffer, indent: number): string | undefined {
  const t = asText(b);
  if (t === undefined) return undefined;
  const c = t.trimStart()[0];
  if (c !== '{' && c !== '[') return undefined;
  try {
    JSON.parse(t);
  } catch {
    return undefined;
  }
  return prettyJson(t, indent, false);
}


const NUMBERS = ['0', '-0', '1', '-1', '1.0', '1.10', '-0.0', '1e400', '1E+2', '2e-7', '12345678901234567890', '9007199254740993',
  '-12345678901234567890.000100', '0.1e1', '3.14159265358979323846264338327950288'];
const STRINGS = ['', 'a', 'grüße 👋', 'a\\u00e9 b', '\\ud83d\\udc4b', '\\ud800', '\\"quoted\\"', 'back\\\\slash', '\\/\\b\\f\\n\\r\\t',
  '\u2028\u2029', 'mid\ufeffbom', '«null»', '{', '}', '{ }', '[1,2]', 'key=v', 'x'.repeat(70), '日本語', '\\u0000', 'tab\\tnl\\n', '{{seq}}', 'a{b}c{'];
const KEYS = ['id', 'a', 'a', '__proto__', 'constructor', '', 'grüße', 'k\\u00e9y', 'dup', 'dup', 'toString'];
const WS = ['', '', '', ' ', '\n', '\t', '\r\n', '  ', ' \n  '];

function genValue(r: () => number, depth: number, ws: () => string): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const k = r();
  if (depth < 5 && k < 0.35) {
    const n = Math.floor(r() * 5);
    const items = Array.from({ length: n }, () => `${ws()}${genValue(r, depth + 1, ws)}${ws()}`);
    return n === 0 ? `[${ws()}]` : `[${items.join(',')}]`;
  }
  if (depth < 5 && k < 0.7) {
    const n = Math.floor(r() * 5);
    const items = Array.from({ length: n }, () => `${ws()}"${pick(KEYS)}"${ws()}:${ws()}${genValue(r, depth + 1, ws)}${ws()}`);
    return n === 0 ? `{${ws()}}` : `{${items.join(',')}}`;
  }
  if (k < 0.8) return pick(NUMBERS);
  if (k < 0.95) return `"${pick(STRINGS)}"`;
  return pick(['true', 'false', 'null']);
}

function genDocument(seed: number): string {
  const r = prng(seed);
  const ws = (): string => WS[Math.floor(r() * WS.length)];
  const top = r() < 0.5 ? `{"k":${genValue(r, 1, ws)},"l":${genValue(r, 1, ws)}}` : `[${genValue(r, 1, ws)}]`;
  return `${ws()}${top}${ws()}`;
}

function mutate(b: Buffer, r: () => number): Buffer {
  const bytes = [...b];
  const edits = 1 + Math.floor(r() * 3);
  const special = [0x22, 0x5c, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d, 0x00, 0x1f, 0x7f, 0x80, 0xc2, 0xc0, 0xed, 0xf4, 0xff, 0x20, 0x0a, 0x30, 0x2d, 0x65, 0x2e];
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(r() * (bytes.length + 1));
    const what = r();
    const byte = r() < 0.7 ? special[Math.floor(r() * special.length)] : Math.floor(r() * 256);
    if (what < 0.33) bytes.splice(at, 1);
    else if (what < 0.66) bytes.splice(at, 0, byte);
    else if (what < 0.85) bytes[Math.min(at, bytes.length - 1)] = byte;
    else bytes.length = at;
  }
  return Buffer.from(bytes);
}

// Bytes a value may be followed by in its batch (the next record's, its headers): read past its end, any of
// them would close, continue or complete what the value leaves open.
const AFTER_VALUE = [']', '}', ']]}', '.5]', 'e5]', 'E+1}', ':1}', '"', '"]', '0', '1]', 'u0041"]', 'true]', 'ue]', 'null', ' ]', '\u0080',
  '"]', '\\"]', '\x80\x80]', '\xc2\xa0]'].map((t) => Buffer.from(t, 'latin1'));

/** indentJsonInto over b where it lies inside a larger buffer gives what it gives for b alone, and nothing on -1. */
function checkInPlace(b: Buffer, indent: number, alone: string | undefined, r: () => number, label: string): void {
  const before = Buffer.from('{"x":[', 'latin1').subarray(0, Math.floor(r() * 7));
  const after = AFTER_VALUE[Math.floor(r() * AFTER_VALUE.length)];
  const whole = Buffer.concat([before, b, after]);
  const lb = new LineBytes();
  lb.write('line: ');
  const units = indentJsonInto(whole, indent, lb, before.length, before.length + b.length);
  if (alone === undefined) {
    assert.equal(units, -1, `${label}: answered in place followed by ${JSON.stringify(after.toString('latin1'))}`);
    assert.equal(lb.take(), 'line: ', label);
  } else {
    assert.equal(units, alone.length, label);
    assert.equal(lb.take(), `line: ${alone}`, `${label}: followed by ${JSON.stringify(after.toString('latin1'))}`);
  }
}

let inPlaceSeed = 1;

/** `strict`: valid JSON must take the fast path (what the generated documents are). */
function check(b: Buffer, label: string, strict = true): 'fast' | 'general' {
  for (const indent of [2, 0]) {
    const fast = prettyJsonBytes(b, indent);
    const general = generalPath(b, indent);
    checkInPlace(b, indent, fast, prng(inPlaceSeed++), label);
    if (fast !== undefined) assert.equal(fast, general, `${label} (indent ${indent}): ${JSON.stringify(b.toString('latin1'))}`);
    // And formatValue as a whole: the same as the general path, whichever way it went.
    const opts = { ...DEFAULT_FORMAT, prettyJson: indent > 0, maxValueBytes: b.length };
    if (general !== undefined) assert.equal(formatValue(b, opts), general, label);
    if (indent === 2) {
      const t = general === undefined ? undefined : asText(b);
      // JSON the general path shows must go the fast way, unless it holds what the fast path leaves aside.
      if (strict && t !== undefined) assert.ok(fast !== undefined, `${label}: valid JSON not taken by the fast path: ${JSON.stringify(t)}`);
      if (fast === undefined) return 'general';
    }
  }
  return 'fast';
}

test('generated JSON: the fast path answers, with the general path\'s text', () => {
  let fast = 0;
  for (let seed = 1; seed <= 3000; seed++) {
    const doc = genDocument(seed);
    if (check(Buffer.from(doc), `seed ${seed}`) === 'fast') fast++;
  }
  assert.ok(fast > 2500, `only ${fast} of 3000 took the fast path`);
});

test('mutated JSON (invalid, cut, control bytes, broken UTF-8): never a different text', () => {
  let generalOnly = 0;
  for (let seed = 1; seed <= 6000; seed++) {
    const r = prng(seed * 7919);
    const b = mutate(Buffer.from(genDocument(seed)), r);
    if (check(b, `mutated seed ${seed}`) === 'general') generalOnly++;
  }
  assert.ok(generalOnly > 1000, `mutations should break most documents (${generalOnly} left to the general path)`);
});

test('the same text as JSON.stringify(JSON.parse(x), null, 2) where the input is already canonical', () => {
  const values: unknown[] = [
    { a: 1, b: [true, null, false], c: { d: 'e', f: [] }, g: {} },
    [[], {}, [[[]]], [{}], { x: [1, 2, { y: null }] }],
    { s: 'grüße 👋 \u2028 "q" \\ \n\t\u0001 \u007f \u0085', emoji: '😀', cjk: '日本語', ctl: '\u001f' },
    { n: [0, -1, 1.5, 1e21, 1e-7, -0.000001, 123456789012, 2 ** 53] },
    Array.from({ length: 50 }, (_, i) => ({ i, s: 'x'.repeat(i) })),
    JSON.parse('{"__proto__": {"polluted": 1}, "constructor": 2}'),
  ];
  for (const v of values) {
    const canonical = JSON.stringify(v);
    for (const indent of [2, 0]) {
      const expected = JSON.stringify(v, null, indent || undefined);
      const fast = prettyJsonBytes(Buffer.from(canonical), indent);
      // DEL and C1 controls raw in a string are JSON, but asText does not show them as text: left to the general path.
      if (/[\u007f-\u009f]/.test(canonical)) { assert.equal(fast, undefined); continue; }
      assert.equal(fast, expected);
      assert.equal(formatValue(Buffer.from(canonical), { ...DEFAULT_FORMAT, prettyJson: indent > 0 }), expected);
    }
  }
});

test('numbers, duplicate keys and escapes are shown as the bytes say, not as JSON.parse reads them', () => {
  const raw = '{"big":12345678901234567890,"id":9007199254740993,"one":1.0,"p":1.10,"z":-0,"e":1E+2,"inf":1e400,"k":1,"k":2,"__proto__":{"x":1},"s":"\\u00e9\\ud83d\\udc4b\\/"}';
  assert.equal(prettyJsonBytes(Buffer.from(raw), 2),
    '{\n  "big": 12345678901234567890,\n  "id": 9007199254740993,\n  "one": 1.0,\n  "p": 1.10,\n  "z": -0,\n  "e": 1E+2,\n  "inf": 1e400,\n' +
    '  "k": 1,\n  "k": 2,\n  "__proto__": {\n    "x": 1\n  },\n  "s": "\\u00e9\\ud83d\\udc4b\\/"\n}');
  assert.equal(prettyJsonBytes(Buffer.from(' [ 1.0 , { } , [ ] ,"a" ] \n'), 0), '[1.0,{},[],"a"]');
  assert.equal(check(Buffer.from(raw), 'numbers'), 'fast');
});

test('bytes that are not UTF-8 text, or not JSON, are left to the general path', () => {
  const cases: Array<[string, number[]]> = [
    ['overlong 2-byte', [0x5b, 0x22, 0xc0, 0x80, 0x22, 0x5d]],
    ['overlong 3-byte', [0x5b, 0x22, 0xe0, 0x80, 0x80, 0x22, 0x5d]],
    ['surrogate', [0x5b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x5d]],
    ['above U+10FFFF', [0x5b, 0x22, 0xf4, 0x90, 0x80, 0x80, 0x22, 0x5d]],
    ['cut sequence', [0x5b, 0x22, 0xe2, 0x82, 0x22, 0x5d]],
    ['lone continuation', [0x5b, 0x22, 0x80, 0x22, 0x5d]],
    ['C1 control', [0x5b, 0x22, 0xc2, 0x85, 0x22, 0x5d]],
    ['DEL', [0x5b, 0x22, 0x7f, 0x22, 0x5d]],
    ['raw newline in a string', [0x5b, 0x22, 0x0a, 0x22, 0x5d]],
    ['BOM first', [0xef, 0xbb, 0xbf, 0x5b, 0x5d]],
    ['NUL after the value', [0x5b, 0x5d, 0x00]],
  ];
  for (const [what, bytes] of cases) {
    const b = Buffer.from(bytes);
    assert.equal(prettyJsonBytes(b, 2), undefined, what);
    check(b, what, false);
  }
  for (const text of ['42', '"s"', 'true', '{', '[1,]', '{"a":1,}', '{"a" 1}', '[01]', '[1.]', '[.5]', '[1e]', '[+1]', '[tru]', '[nul]', '{a:1}',
    "['a']", '[1] [2]', '["\\x"]', '["\\u12"]', '[NaN]', '[Infinity]', '[1]\u00a0', '\u00a0[1]']) {
    assert.equal(prettyJsonBytes(Buffer.from(text), 2), undefined, text);
    check(Buffer.from(text), text);
  }
  // What the general path does with them stays as it was: a BOM dropped.
  assert.equal(formatValue(Buffer.from([0xef, 0xbb, 0xbf, 0x5b, 0x31, 0x5d]), DEFAULT_FORMAT), '[\n  1\n]');
  // Consumed JSON holds no template placeholders: `{{` and `}}` in strings are text, indented like any other.
  for (const [text, shown] of [['{"t":"{{seq}}"}', '{\n  "t": "{{seq}}"\n}'], ['["{{a", "b}}"]', '[\n  "{{a",\n  "b}}"\n]']]) {
    assert.equal(formatValue(Buffer.from(text), DEFAULT_FORMAT), shown, text);
    assert.equal(prettyJsonBytes(Buffer.from(text), 2), shown, text);
  }
});

test('deep nesting and large values: the general path beyond the depth limit, the same text either way', () => {
  for (const depth of [1, 100, 255, 256, 257, 2000]) {
    const doc = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const fast = check(Buffer.from(doc), `depth ${depth}`, false);
    assert.equal(fast, depth <= 256 ? 'fast' : 'general', `depth ${depth}`);
  }
  const wide = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({ i, v: [i, { w: 'é'.repeat(i % 5) }] })));
  assert.equal(check(Buffer.from(wide), 'wide'), 'fast');
  // After a large value, small ones are still right (the buffer it grew is reused or dropped).
  assert.equal(prettyJsonBytes(Buffer.from('{"a":[1]}'), 2), '{\n  "a": [\n    1\n  ]\n}');
});
