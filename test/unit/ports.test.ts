// The harness's port picker: one CI run failed because Linux handed the same ephemeral port to two
// listen(0) calls in a row, and a broker got two listeners on one port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../harness/ports';

test('freePort never hands out the same port twice, in sequence or concurrently', async () => {
  const seq: number[] = [];
  for (let i = 0; i < 200; i++) seq.push(await freePort());
  const par = await Promise.all(Array.from({ length: 100 }, () => freePort()));
  const all = [...seq, ...par];
  assert.equal(new Set(all).size, all.length);
  assert.ok(all.every((p) => p > 0 && p < 65536));
});
