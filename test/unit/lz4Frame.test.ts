// Our LZ4 frames against the reference C implementation (Debian's `lz4` command): Kafka's broker
// decodes with lz4-java, i.e. the same C library, and refuses a whole batch that breaks a block rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lz4Compress, lz4Decompress } from '../../src/kafka/client/codecs';
import { prng } from '../harness/prng';


/** Records like a templated send: JSON with a sequence, a random id and a key, a few thousand of them. */
function records(seed: number, count: number): Buffer {
  const r = prng(seed);
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(`user-${Math.floor(r() * 50)}`, `{"seq":${i},"id":"${hex(8)}-${hex(4)}-${hex(4)}-${hex(12)}","ts":${1_780_000_000_000 + i}}`);
  return Buffer.from(parts.join(''));
}

const referenceDecode = (frame: Buffer): Buffer => execFileSync('lz4', ['-d', '-c'], { input: frame, maxBuffer: 64 * 1024 * 1024 });

test('multi-block frames decode with the reference lz4 (no match too near a block end)', () => {
  // Before the MFLIMIT guard about half of these frames were refused by the C decoder (and the broker).
  for (let seed = 1; seed <= 20; seed++) {
    const data = records(seed, 3000);
    const frame = lz4Compress(data);
    assert.ok(frame.length < data.length, `seed ${seed}: compressed ${frame.length} of ${data.length} bytes`);
    assert.ok(referenceDecode(frame).equals(data), `seed ${seed}: lz4 -d gave other bytes`);
    assert.ok(lz4Decompress(frame).equals(data), `seed ${seed}: our decoder gave other bytes`);
  }
});

test('edge sizes: empty, one byte, a block exactly, one past it, incompressible', () => {
  const r = prng(42);
  const random = Buffer.from(Array.from({ length: 70_000 }, () => Math.floor(r() * 256)));
  for (const data of [Buffer.alloc(0), Buffer.from('x'), Buffer.alloc(65_536, 'a'), Buffer.alloc(65_537, 'ab'), random]) {
    const frame = lz4Compress(data);
    assert.ok(referenceDecode(frame).equals(data), `${data.length} bytes: lz4 -d gave other bytes`);
    assert.ok(lz4Decompress(frame).equals(data), `${data.length} bytes: our decoder gave other bytes`);
  }
});
