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
