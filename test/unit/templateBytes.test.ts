// TemplateBytes (a plain template written straight into the batch) against what it replaces: the UTF-8 of
// renderTemplate's string, byte for byte, over generated templates (multi-byte and lone-surrogate text, every
// placeholder it takes, numbers at the edges of String()'s formats), and whole batches written both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordBatchBuilder } from '../../src/kafka/protocol/recordBatchEncoder';
import { TemplateBytes, templateBytes } from '../../src/kafka/produce/templateBytes';
import { parseTemplate, renderTemplate, Template } from '../../src/kafka/rules/template';
import { prng } from '../harness/prng';

const TEXTS = ['', 'a', '{"seq":', ',"payload":"', 'x'.repeat(40), 'é', '€uro', '😀', '\ud800', '\udc00 lone', 'tail"}', ' ', '\n', '{', '}', 'ü'.repeat(20)];
const BOUNDS = ['1,100', '-5,5', '0,0', '-100,-1', '9007199254740000,9007199254740991', '-9007199254740991,9007199254740991', '-1,1'];
const SEQS = [0, 1, 9, 10, 99, 100, 123456, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 2 ** 60, 1e21, 1.5, -1, -0, -123, 0.1, 1e-7, Number.MAX_VALUE];
const NOWS = [0, 1, 1_700_000_000_000, 9_999_999_999_999, -1, 2 ** 53 + 2, 1.25];

function genSource(r: () => number): string {
  let s = '';
  const n = 1 + Math.floor(r() * 6);
  for (let i = 0; i < n; i++) {
    const k = r();
    if (k < 0.45) s += TEXTS[Math.floor(r() * TEXTS.length)];
    else if (k < 0.65) s += '{{seq}}';
    else if (k < 0.75) s += '{{ timestamp }}';
    else if (k < 0.85) s += '{{uuid}}';
    else s += `{{randomInt(${BOUNDS[Math.floor(r() * BOUNDS.length)]})}}`;
  }
  return s;
}

function parsed(source: string): Template {
  const t = parseTemplate(source);
  if ('error' in t) throw new Error(`${source}: ${t.error}`);
  return t;
}

/** The same sources for both renderings: each draws the same values in the same order. */
function sources(seed: number): { now: () => number; uuid: () => string; random: () => number } {
  const r = prng(seed);
  let u = 0;
  return {
    now: () => NOWS[Math.floor(r() * NOWS.length)],
    uuid: () => (u++ % 3 === 2 ? 'ünïcode-uuid' : `0f8fad5b-d9cb-469f-a165-70867728950${u % 10}`),
    random: r,
  };
}

test('TemplateBytes writes exactly the UTF-8 of renderTemplate, over 4,000 generated templates', () => {
  let checked = 0;
  for (let seed = 1; seed <= 4000; seed++) {
    const r = prng(seed);
    const t = parsed(genSource(r));
    const mine = new TemplateBytes(t, sources(seed * 31));
    const theirs = sources(seed * 31);
    for (let m = 0; m < 4; m++) {
      const seq = r() < 0.5 ? SEQS[Math.floor(r() * SEQS.length)] : Math.floor(r() * 1e9);
      const want = Buffer.from(renderTemplate(t, { seq, ...theirs }), 'utf8');
      mine.set(seq);
      assert.equal(mine.byteLength, want.length, `seed ${seed} seq ${seq}: length of ${JSON.stringify(t.source)}`);
      // Written into the middle of a dirty buffer: nothing before or after its own bytes is touched.
      const buf = Buffer.alloc(want.length + 10, 0xaa);
      mine.writeTo(buf, 5);
      assert.deepEqual(buf.subarray(5, 5 + want.length), want, `seed ${seed} seq ${seq}: bytes of ${JSON.stringify(t.source)}`);
      assert.ok(buf.subarray(0, 5).every((b) => b === 0xaa) && buf.subarray(5 + want.length).every((b) => b === 0xaa), `seed ${seed}: wrote outside its bytes`);
      checked++;
    }
  }
  assert.equal(checked, 16_000);
});

test('faker templates are left to renderTemplate; templates without placeholders work too', () => {
  assert.equal(templateBytes(parsed('{"name":"{{faker.person.firstName}}"}')), undefined);
  const fixed = templateBytes(parsed('{"a":"€"}'))!.set(1);
  const b = Buffer.alloc(fixed.byteLength);
  fixed.writeTo(b, 0);
  assert.deepEqual(b, Buffer.from('{"a":"€"}'));
});

test('a batch of templated records is the same bytes whether the value is written in place or as its string', () => {
  for (const source of ['{"seq":{{seq}},"payload":"' + 'x'.repeat(73) + '"}', '{{seq}}', 'ü{{seq}}'.repeat(30), '{{uuid}}:{{randomInt(1,9)}}']) {
    const t = parsed(source);
    const direct = new TemplateBytes(t, sources(7));
    const text = sources(7);
    const a = new RecordBatchBuilder(1024);
    const b = new RecordBatchBuilder(1024);
    for (let seq = 1; seq <= 3000; seq++) {
      const ts = 1_700_000_000_000 + seq;
      const key = seq % 3 === 0 ? null : Buffer.from(`k${seq}`);
      assert.equal(a.append(key, direct.set(seq), null, ts), true);
      assert.equal(b.append(key, renderTemplate(t, { seq, ...text }), null, ts), true);
    }
    const stamp = { producerId: 42n, producerEpoch: 1, baseSequence: 7 };
    assert.deepEqual(a.finish(stamp, 'none'), b.finish(stamp, 'none'), source);
  }
});
