// "Copy kcat command" reproduces the record: each generated command is run by sh in a scratch directory
// against a real broker, and kcat -J (the independent reader) must see the same key, value bytes,
// headers and tombstone as the record the command was made from.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { kcatCommand } from '../../src/browser/reproduce';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import type { ConsumedRecord } from '../../src/kafka/rules/recordFormat';
import { uiAdmin } from '../ui/uiTopic';
import { BrokerHandle, uniqueTopic, useBroker } from '../harness/sharedBroker';

const run = promisify(execFile);
let broker: BrokerHandle;
let admin: ClusterAdmin;
const topic = uniqueTopic('browse-kcat');
let dir: string;

before(async () => {
  broker = await useBroker();
  admin = uiAdmin(broker);
  await admin.createTopic({ name: topic, partitions: 2 });
  dir = mkdtempSync(join(tmpdir(), 'kcat-cmd-'));
});
after(async () => {
  await admin?.run('delete', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
  await admin?.close();
  await broker?.release();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rec = (o: Partial<ConsumedRecord>): ConsumedRecord => ({ partition: 1, offset: '0', timestamp: '0', key: null, value: null, headers: {}, ...o });

test('each generated kcat command produces the same record again, read back by kcat -J', { timeout: 60_000 }, async () => {
  const records: ConsumedRecord[] = [
    rec({ key: Buffer.from("it's k1"), value: Buffer.from('{"id":9007199254740993,"note":"100% \\\\ sure"}'), headers: { trace: Buffer.from('a=b c'), 'x-n': Buffer.from('2') } }),
    rec({ key: Buffer.from('gone|for#good') }),
    rec({}),
    rec({ value: Buffer.from('line 1\nline 2\n') }),
    rec({ key: Buffer.from('bin'), value: Buffer.from([0x00, 0xff, 0x0a, 0x25, 0x5c, 0x27, 0x41]) }),
  ];
  for (const r of records) {
    const c = kcatCommand(broker.bootstrap, topic, r);
    assert.ok('command' in c, JSON.stringify(c));
    await run('sh', ['-c', c.command], { cwd: dir, timeout: 30_000 });
  }
  const { stdout: raw } = await run('kcat', ['-C', '-b', broker.bootstrap, '-t', topic, '-p', '1', '-o', 'beginning', '-e', '-q', '-Z', '-f', '%k\\x1f%S\\x1f%h\\x1f%s\\x1e'],
    { timeout: 30_000, encoding: 'buffer', maxBuffer: 1 << 20 });
  const got = splitBuf(raw, 0x1e).filter((b) => b.length > 0).map((b) => splitBuf(b, 0x1f, 3));
  assert.equal(got.length, records.length, `kcat read ${got.length} records: ${JSON.stringify(got.map((g) => g.map((x) => x.toString("latin1"))))}`);
  records.forEach((r, i) => {
    const [key, size, headers, value] = got[i];
    assert.equal(key.toString('latin1'), r.key === null ? 'NULL' : r.key.toString('latin1'), `record ${i} key`);
    if (r.value === null) assert.equal(size.toString(), '-1', `record ${i} is a tombstone`);
    else assert.ok(value.equals(r.value), `record ${i} value: ${JSON.stringify(value.toString('latin1'))} vs ${JSON.stringify(r.value.toString('latin1'))}`);
    const want = Object.entries(r.headers).map(([k, v]) => `${k}=${String(v)}`).join(',');
    assert.equal(headers.toString(), want || '', `record ${i} headers`);
  });
});

/** Splits at `sep`; with `max`, the last part keeps the rest (a value may contain the separator). */
function splitBuf(b: Buffer, sep: number, max = Infinity): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (out.length < max) {
    const i = b.indexOf(sep, at);
    if (i < 0) break;
    out.push(b.subarray(at, i));
    at = i + 1;
  }
  out.push(b.subarray(at));
  return out;
}
