// The Output channel's in-memory mirror is bounded by characters (not lines), keeps the newest text,
// and starts at a whole line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextMirror } from '../../src/consumer/textMirror';

test('a few huge lines do not grow the mirror past its character bound', () => {
  const m = new TextMirror(100_000);
  const line = 'z'.repeat(60_000);
  for (let i = 0; i < 200; i++) m.append(`${i} ${line}\n`);
  assert.ok(m.heldChars <= 125_000, `holds ${m.heldChars} characters`);
  assert.ok(m.text().length <= 100_000);
  assert.match(m.text(), /^199 z+\n$/);
});

test('small writes: the newest text, from a line start, split writes joined', () => {
  const m = new TextMirror(50);
  for (let i = 0; i < 100; i++) m.append(`line ${i}\n`);
  m.append('par');
  m.append('tial');
  const t = m.text();
  assert.ok(t.length <= 50);
  assert.match(t, /^line \d+\n/);
  assert.match(t, /line 99\npartial$/);
  m.clear();
  assert.equal(m.text(), '');
});

test('a steady stream of writes: bounded, the newest text kept exactly, older writes dropped whole', () => {
  const m = new TextMirror(10_000);
  let all = '';
  for (let i = 0; i < 5_000; i++) {
    const w = `${i}: ${'v'.repeat(i % 300)}\n`;
    m.append(w);
    all += w;
    assert.ok(m.heldChars <= 12_500, `holds ${m.heldChars} characters after ${i + 1} writes`);
  }
  const t = m.text();
  assert.ok(t.length <= 10_000 && t.length > 9_000, `${t.length}`);
  assert.ok(all.endsWith(t));
  assert.match(t, /^\d+: v*\n/);
});
