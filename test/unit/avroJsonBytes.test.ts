// Avro values written straight from their bytes into the line (avroJsonBytes.ts) must show exactly what the
// general path shows (avsc decodes, avroCodec writes JSON text, the formatter re-indents it): the same bytes,
// the same length, the same failure marker for bytes that do not decode. Generated schemas (every type,
// logical types, nested unions/arrays/maps, empty and recursive records) with generated values (Unicode,
// « », controls, NaN/Infinity/-0, longs at the int64 limits), then the same bytes cut, flipped and extended.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as avro from 'avsc';
import { avroCodec, avroType } from '../../src/kafka/serde/avroCodec';
import { createRecordDecoder } from '../../src/kafka/serde/recordDecoder';
import type { Decoded, DirectDecoded } from '../../src/kafka/serde/types';
import { LineBytes } from '../../src/kafka/rules/lineBytes';
import { ConsumedRecord, DEFAULT_FORMAT, formatRecord, formatRecordInto, FormatOptions } from '../../src/kafka/rules/recordFormat';
import { prng } from '../harness/prng';

type Schema = string | Record<string, unknown> | unknown[];

const STRINGS = ['', 'a', 'grüße 👋', '日本語', '«null»', 'a»b«c', '"quoted"', 'back\\slash', '\b\f\n\r\t', '\u0000\u0001\u001f', '\u007f',
  '\u0080\u0085\u009f', '\u00a0\u00ab\u00bb\u00ff', '\u2028\u2029', '\ufeffbom', '\ud83d\ude00', '{{seq}}', '{', '[1,2]', 'key=v', 'x'.repeat(300), 'é'.repeat(50)];
const LONGS = [0n, 1n, -1n, 63n, -64n, 64n, 2n ** 31n, -(2n ** 31n), 2n ** 48n - 1n, 2n ** 48n, -(2n ** 48n), 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) - 1n,
  2n ** 62n, 2n ** 63n - 1n, -(2n ** 63n), 1234567890123n, 9007199254740993n];
const INTS = [0, 1, -1, 63, -64, 2147483647, -2147483648, 1000000, -999];
const DOUBLES = [0, -0, 1, -1, 0.1, 1 / 3, 12.75, 1e21, 1e-7, 123456789012345, 1e15, 2 ** 53, 5e-324, 1.7976931348623157e308, NaN, Infinity, -Infinity, -2.5e-300];
const FLOATS = [0, -0, 1.5, 0.1, 3.4028234663852886e38, 1.401298464324817e-45, 16777217, NaN, Infinity, -Infinity, -7.25];
const KEYS = ['', 'k', 'grüße', '«', 'a"b', '__proto__', '1', '01', 'constructor', 'toString', 'x y', '\n'];

/**
 * A random Avro schema; named types get fresh names. `sized`: every value takes at least one byte (no null,
 * empty fixed or record): inside arrays and maps, so that a cut value's counts read past its end stay small.
 */
function genSchema(r: () => number, depth: number, names: { n: number; recursive: string[] }, sized = false): Schema {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const name = (): string => `T${names.n++}`;
  const k = r();
  if (depth > 3 || k < 0.35) {
    return pick<Schema>([sized ? 'int' : 'null', 'boolean', 'int', 'long', 'float', 'double', 'string', 'bytes', { type: 'string' }, { type: 'long' },
      { type: 'long', logicalType: 'timestamp-millis' }, { type: 'int', logicalType: 'date' }, { type: 'string', logicalType: 'uuid' },
      { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 2 }]);
  }
  if (k < 0.45) return { type: 'fixed', name: name(), size: Math.floor(r() * 6) + (sized ? 1 : 0) };
  if (k < 0.52) return { type: 'enum', name: name(), symbols: ['A', 'b_2', 'NEW', 'paid', '_x'].slice(0, 1 + Math.floor(r() * 5)) };
  if (k < 0.62) return { type: 'array', items: genSchema(r, depth + 1, names, true) };
  if (k < 0.7) return { type: 'map', values: genSchema(r, depth + 1, names, true) };
  if (k < 0.82) {
    // Distinct unnamed branches; null first or elsewhere.
    const pool: Schema[] = ['null', 'int', 'long', 'string', 'double', 'boolean', 'bytes'];
    const branches: Schema[] = pool.filter(() => r() < 0.35);
    if (r() < 0.5) branches.push({ type: 'record', name: name(), fields: [{ name: 'x', type: genSchema(r, depth + 1, names) }] });
    if (r() < 0.3) branches.push({ type: 'array', items: genSchema(r, depth + 1, names, true) });
    return branches.length > 0 ? branches : ['null', 'string'];
  }
  if (k < 0.86 && names.recursive.length > 0) return ['null', pick(names.recursive)];
  const n = name();
  if (r() < 0.3) names.recursive.push(n);
  const count = Math.floor(r() * 5) + (sized ? 1 : 0);
  return { type: r() < 0.1 ? 'error' : 'record', name: n, namespace: r() < 0.3 ? 'ns.sub' : undefined, fields: Array.from({ length: count }, (_, i) => ({ name: `f${i}_${['id', 'name', 'Grüße'.replace('ü', 'u')][i % 3]}`, type: genSchema(r, depth + 1, names, sized && i === 0) })) };
}

/** A random value of an avsc type (longs as BigInt, unions wrapped), as avsc writes it. */
function genValue(t: avro.Type, r: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  switch (t.typeName) {
    case 'null': return null;
    case 'boolean': return r() < 0.5;
    case 'int': return pick(INTS);
    case 'abstract:long': case 'long': return r() < 0.7 ? pick(LONGS) : BigInt(Math.floor((r() - 0.5) * 2 ** 40));
    case 'float': return Math.fround(r() < 0.7 ? pick(FLOATS) : (r() - 0.5) * 1e6);
    case 'double': return r() < 0.7 ? pick(DOUBLES) : (r() - 0.5) * 10 ** Math.floor(r() * 40 - 20);
    case 'string': return r() < 0.8 ? pick(STRINGS) : pick(STRINGS) + pick(STRINGS);
    case 'bytes': return Buffer.from(Array.from({ length: Math.floor(r() * 8) }, () => pick([0, 0x22, 0x5c, 0x0a, 0x41, 0x7f, 0x80, 0x9f, 0xab, 0xbb, 0xff, Math.floor(r() * 256)])));
    case 'fixed': return Buffer.from(Array.from({ length: (t as avro.types.FixedType).size }, () => Math.floor(r() * 256)));
    case 'enum': return pick((t as avro.types.EnumType).symbols);
    case 'array': return depth > 6 ? [] : Array.from({ length: Math.floor(r() * 4) }, () => genValue((t as avro.types.ArrayType).itemsType, r, depth + 1));
    case 'map': {
      const m: Record<string, unknown> = {};
      const n = depth > 6 ? 0 : Math.floor(r() * 4);
      for (let i = 0; i < n; i++) Object.defineProperty(m, pick(KEYS), { value: genValue((t as avro.types.MapType).valuesType as avro.Type, r, depth + 1), enumerable: true, writable: true, configurable: true });
      return m;
    }
    case 'union:wrapped': {
      const types = (t as avro.types.WrappedUnionType).types;
      // Deep down, the null branch where there is one (recursive records end).
      const b = depth > 6 ? types.find((x) => x.typeName === 'null') ?? types[0] : pick(types);
      return b.typeName === 'null' ? null : { [b.branchName as string]: genValue(b, r, depth + 1) };
    }
    default: {
      const out: Record<string, unknown> = {};
      for (const f of (t as avro.types.RecordType).fields) out[f.name] = genValue(f.type, r, depth + 1);
      return out;
    }
  }
}

const OPTIONS: FormatOptions[] = [DEFAULT_FORMAT, { ...DEFAULT_FORMAT, prettyJson: false }];
const rec = (value: Buffer): ConsumedRecord => ({ partition: 0, offset: '5', timestamp: '1700000000000', key: null, value, headers: {} });

function shownInto(r: ConsumedRecord, opts: FormatOptions, value: Decoded | DirectDecoded | undefined): { text: string; units: number } {
  const out = new LineBytes();
  // Something before, as in the throttle's buffer: a failed write must leave it as it was.
  out.write('before «x» ');
  const units = formatRecordInto(out, r, opts, value && { value });
  return { text: out.take(), units };
}

interface Tally { direct: number; general: number }

/** Both ways for these bytes: the same line, the same length, and (as a string) formatRecord's line. */
function compare(decoder: ReturnType<typeof createRecordDecoder>, bytes: Buffer, tally: Tally, what: string): void {
  const plain = decoder.decode(bytes, 'value');
  const direct = decoder.decodeDirect?.(bytes, 'value');
  assert.ok(plain && direct, what);
  const r = rec(bytes);
  for (const opts of OPTIONS) {
    const a = shownInto(r, opts, plain);
    const b = shownInto(r, opts, direct);
    assert.equal(b.text, a.text, `${what} (pretty ${opts.prettyJson})`);
    assert.equal(b.units, a.units, `${what}: length`);
    assert.equal(b.units, b.text.length - 'before «x» '.length, `${what}: length of the text`);
    assert.equal(formatRecord(r, opts, { value: direct }), formatRecord(r, opts, { value: plain }), `${what}: formatRecord`);
  }
  if ('direct' in direct) {
    const out = new LineBytes();
    if (direct.direct.into(out, 2) >= 0) tally.direct++;
    else tally.general++;
  }
}

test('Avro values written from their bytes show what the general path shows, for generated schemas, values and damaged bytes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'avrojson-'));
  const tally: Tally = { direct: 0, general: 0 };
  const damaged: Tally = { direct: 0, general: 0 };
  let schemas = 0;
  let unsupported = 0;
  try {
    for (let seed = 1; seed <= 400; seed++) {
      const r = prng(seed);
      const names = { n: 0, recursive: [] as string[] };
      const top = genSchema(r, 0, names);
      // Recursive references need a record around them: the top is a record holding the generated type.
      const schema = { type: 'record', name: 'Top', namespace: 'gen', fields: [{ name: 'v', type: top }, { name: 'tail', type: r() < 0.5 ? 'string' : ['null', 'Top'] }] };
      const text = JSON.stringify(schema);
      let type: avro.Type;
      try {
        type = avroType(text);
      } catch {
        continue; // a generated schema avsc refuses (a union of two maps…): not what this tests
      }
      schemas++;
      const collections = /"(array|map)"/.test(text);
      if (!avroCodec(text).jsonInto) unsupported++;
      const path = join(dir, `s${seed}.avsc`);
      writeFileSync(path, text);
      const decoder = createRecordDecoder({ key: { kind: 'auto' }, value: { kind: 'schema-file', path }, timeoutMs: 1000 });
      await decoder.prepare([]);
      for (let i = 0; i < 12; i++) {
        let bytes: Buffer;
        try {
          bytes = type.toBuffer(genValue(type, r, 0));
        } catch {
          continue; // a generated value avsc will not write (a long out of range for an int…)
        }
        compare(decoder, bytes, tally, `seed ${seed} value ${i}: ${text}`);
        // Cut, flipped, extended: what avsc rejects must show its marker, whatever it reads differently must match.
        const cut = bytes.subarray(0, Math.floor(r() * bytes.length));
        compare(decoder, cut, damaged, `seed ${seed} value ${i} cut to ${cut.length}`);
        // Flipped bits only without arrays and maps: a block count read from the wrong bytes can be huge, and
        // avsc (the general path, as it always did) then fills an array with items read past the end until
        // Node dies. The hand-made test below damages arrays and maps in chosen ways.
        if (!collections) {
          const flipped = Buffer.from(bytes);
          if (flipped.length > 0) flipped[Math.floor(r() * flipped.length)] ^= 1 << Math.floor(r() * 8);
          compare(decoder, flipped, damaged, `seed ${seed} value ${i} flipped: ${flipped.toString('hex')}`);
        }
        compare(decoder, Buffer.concat([bytes, Buffer.from([Math.floor(r() * 256)])]), damaged, `seed ${seed} value ${i} + 1 byte`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // The generated schemas must mostly take the byte path, or this proves nothing about it.
  assert.ok(schemas > 300 && unsupported < schemas / 10, `${schemas} schemas, ${unsupported} without a writer`);
  assert.ok(tally.direct > 10 * tally.general, `values: ${tally.direct} written from bytes, ${tally.general} the general way`);
  assert.ok(damaged.direct > 100 && damaged.general > 100, `damaged: ${damaged.direct} written from bytes, ${damaged.general} the general way`);
});

test('hand-made bytes: block-encoded arrays, repeated and reordered map keys, bad UTF-8, overlong varints, longs past 2^53', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'avrojson-'));
  try {
    const cases: Array<[Schema, number[][]]> = [
      [{ type: 'array', items: 'int' }, [[0], [3, 2, 4, 0], [4, 2, 4, 0], [0x01, 2, 2, 0], [0x03, 4, 2, 4, 0], [0x03, 0x84, 0x80, 0x00, 2, 4, 0]]],
      [{ type: 'array', items: 'null' }, [[0x80, 0x40, 0], [20, 0], [3, 0, 0]]],
      [{ type: 'map', values: 'int' }, [[4, 2, 0x61, 2, 2, 0x61, 4, 0], [2, 2, 0x31, 2, 0], [2, 2, 0x61, 2, 2, 2, 0x62, 4, 0], [4, 2, 0x62, 2, 2, 0x61, 4, 0],
        [2, 18, ...Buffer.from('__proto__'), 2, 0], [2, 4, 0xc2, 0xab, 6, 0], [2, 2, 0xff, 2, 0]]],
      ['string', [[2, 0xff], [4, 0xc3, 0x28], [6, 0xed, 0xa0, 0x80], [6, 0xe2, 0x80, 0xa8], [8, 0xf0, 0x9f, 0x98, 0x80], [4, 0xc0, 0x80], [1], [3, 0x41]]],
      [{ type: 'long' }, [[0x80, 0x00], [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f], [0xfc, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x1f], [0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]]],
      ['long', [[0x80, 0x00], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
        [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x03], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]]],
      ['int', [[0xff, 0xff, 0xff, 0xff, 0x0f], [0xff, 0xff, 0xff, 0xff, 0xff, 0x01], [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]]],
      [['null', 'string'], [[0], [2, 2, 0x41], [4], [1], [0x80, 0x00]]],
      [{ type: 'enum', name: 'E', symbols: ['A', 'B'] }, [[0], [2], [4], [1]]],
      ['boolean', [[0], [1], [2], [0xff]]],
      [{ type: 'record', name: 'Empty', fields: [] }, [[], [0]]],
    ];
    const tally: Tally = { direct: 0, general: 0 };
    let n = 0;
    for (const [schema, inputs] of cases) {
      const path = join(dir, `h${n++}.avsc`);
      writeFileSync(path, JSON.stringify(schema));
      const decoder = createRecordDecoder({ key: { kind: 'auto' }, value: { kind: 'schema-file', path }, timeoutMs: 1000 });
      await decoder.prepare([]);
      for (const bytes of inputs) compare(decoder, Buffer.from(bytes), tally, `${JSON.stringify(schema)} ${Buffer.from(bytes).toString('hex')}`);
    }
    assert.ok(tally.direct > 20 && tally.general > 15, `${tally.direct} written from bytes, ${tally.general} the general way`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a registry value: the payload after the 5-byte frame, written after what the line already holds', () => {
  const schema = JSON.stringify({ type: 'record', name: 'Order', fields: [{ name: 'id', type: 'long' }, { name: 'note', type: ['null', 'string'] }, { name: 'm', type: { type: 'map', values: 'double' } }] });
  const codec = avroCodec(schema);
  const type = avroType(schema);
  const payload = type.toBuffer({ id: 2n ** 60n, note: { string: 'grüße «x»' }, m: { a: -0, b: NaN, c: 0.5 } });
  const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), payload]);
  for (const indent of [0, 2]) {
    const out = new LineBytes();
    out.write('p0@1 ');
    const n = codec.jsonInto?.(framed, 5, out, indent) ?? -1;
    const text = out.take();
    const expected = formatRecord(rec(framed), { ...DEFAULT_FORMAT, timestamp: false, prettyJson: indent > 0 }, { value: { ok: true, json: codec.decode(payload).json, schema: { type: 'AVRO', id: 7 } } });
    assert.equal(text, `p0@1 ${expected.slice(expected.indexOf('» ') + 2)}`);
    assert.equal(n, text.length - 5);
  }
});
