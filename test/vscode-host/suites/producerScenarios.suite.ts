// Producer scenarios in a real extension host against the shared broker: faker templates (loaded on first
// use, never at activation) read back by kcat as valid JSON; "send every N seconds" runs, counts, keeps
// {{seq}} going across ticks and stops on Stop, on panel close, when the cluster is removed and on a
// send error, after which no record arrives; open(cluster, topic, draft) puts a draft in the form unsent.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { sep } from 'node:path';
import { promisify } from 'node:util';
import type { KafkaDevApi } from '../../../src/extension';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { emptyDraft, ProduceDraft } from '../../../src/kafka/rules/produceValidation';
import type { ProducerPanel } from '../../../src/producer/panel';
import type { ToWebview } from '../../../src/producer/protocol';
import { activate, addCluster, removeCluster } from '../extensionApi';

const run = promisify(execFile);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ms: number, check: () => boolean, seen: () => unknown): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`no ${what} within ${ms} ms; last seen: ${JSON.stringify(seen())}`);
    await sleep(50);
  }
}

/** Every record of the topic as kcat (librdkafka, an independent client) reads it. */
async function kcatAll(bootstrap: string, topic: string): Promise<Array<{ key: string | null; value: string; offset: number }>> {
  const { stdout } = await run('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-J'], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 });
  return stdout.split('\n').filter((l) => l.trim()).map((l) => {
    const j = JSON.parse(l) as { key: string | null; payload: string; offset: number };
    return { key: j.key, value: j.payload, offset: j.offset };
  });
}

const fakerLoaded = (): boolean => Object.keys(require.cache).some((k) => k.endsWith(`${sep}dist${sep}faker.js`));

suite('producer scenarios (faker, send every N seconds, pre-filled open)', function () {
  this.timeout(120_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  const stamp = Date.now().toString(36);
  const topics = ['faker', 'every', 'close', 'removed', 'deleted', 'draft'].map((t) => `vscode-scen-${t}-${stamp}`);
  const [fakerTopic, everyTopic, closeTopic, removedTopic, deletedTopic, draftTopic] = topics;
  let api: KafkaDevApi;
  let cluster: ClusterConfig;

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: `scenarios-${stamp}`, bootstrapServers: bootstrap.split(',') });
    const conn = await api.services.connections.get(cluster.id);
    for (const t of topics) await conn.admin.createTopic({ name: t, partitions: 1 });
  });

  suiteTeardown(async () => {
    if (!cluster) return;
    for (const p of api.producer.panels) p.dispose();
    const conn = await api.services.connections.get(cluster.id).catch(() => undefined);
    for (const t of topics) await conn?.admin.run('delete topic', (a) => a.deleteTopics({ topics: [t] })).catch(() => undefined);
    await removeCluster(api, cluster.id);
  });

  async function highOffset(topic: string, c = cluster): Promise<string> {
    const conn = await api.services.connections.get(c.id);
    const o = await conn.admin.run('offsets', (a) => a.fetchTopicOffsets(topic));
    return o[0].high;
  }

  function watch(panel: ProducerPanel): ToWebview[] {
    const posted: ToWebview[] = [];
    panel.onDidPost((m) => posted.push(m));
    return posted;
  }

  const errorOf = (posted: ToWebview[]): string | undefined => posted.flatMap((m) => (m.type === 'error' ? [m.error.message] : [])).pop();

  test('faker is not loaded at activation, only by the first faker template', () => {
    assert.ok(api.producer, 'the extension is active');
    assert.equal(fakerLoaded(), false, 'dist/faker.js was loaded at activation');
  });

  test('Send ×N with faker: kcat reads valid JSON with names and emails, {{seq}} 1…N', async () => {
    const panel = api.producer.open(cluster, fakerTopic);
    const posted = watch(panel);
    const value = '{"id":{{seq}},"name":"{{faker.person.firstName}} {{faker.person.lastName}}","email":"{{faker.internet.email}}","n":{{faker.number.int({"min":1,"max":9})}},"bio":"{{faker.person.bio}}"}';
    await panel.handle({ type: 'send', draft: { ...emptyDraft(fakerTopic), key: 'user-{{faker.string.alphanumeric(6)}}', value, count: '40' } });
    const result = posted.find((m): m is Extract<ToWebview, { type: 'result' }> => m.type === 'result');
    assert.ok(result, `no result: ${JSON.stringify(posted.filter((m) => m.type === 'error'))}`);
    assert.equal(result.summary.sent, 40);
    assert.equal(fakerLoaded(), true, 'the faker template did not load dist/faker.js');
    const recs = await kcatAll(bootstrap, fakerTopic);
    assert.equal(recs.length, 40);
    const parsed = recs.map((r) => JSON.parse(r.value) as { id: number; name: string; email: string; n: number; bio: string });
    assert.deepEqual(parsed.map((p) => p.id), Array.from({ length: 40 }, (_, i) => i + 1));
    for (const [i, p] of parsed.entries()) {
      assert.match(p.name, /^\S.* \S/, `record ${i}: ${recs[i].value}`);
      assert.match(p.email, /^[^@\s]+@[^@\s]+$/, `record ${i}: ${recs[i].value}`);
      assert.ok(Number.isInteger(p.n) && p.n >= 1 && p.n <= 9 && p.bio.length > 0, `record ${i}: ${recs[i].value}`);
      assert.match(recs[i].key ?? '', /^user-[0-9A-Za-z]{6}$/);
    }
    assert.ok(new Set(parsed.map((p) => p.email)).size > 30, 'the values do not vary');
    panel.dispose();
  });

  test('an unknown faker generator is named with close names and sends nothing', async () => {
    const panel = api.producer.open(cluster, fakerTopic);
    const posted = watch(panel);
    await panel.handle({ type: 'send', draft: { ...emptyDraft(fakerTopic), value: '{"name":"{{faker.person.firstname}}"}', count: '5' } });
    assert.equal(errorOf(posted), 'Value: unknown faker generator {{faker.person.firstname}}: faker.person has no "firstname"; did you mean {{faker.person.firstName}}? Nothing was sent.');
    await panel.handle({ type: 'send', draft: { ...emptyDraft(fakerTopic), value: '{{faker.number.int({"min":5,"max":1})}}' } });
    assert.match(errorOf(posted) ?? '', /^Value: \{\{faker\.number\.int\(\{"min":5,"max":1\}\)\}\} failed: Max 1 should be greater than min 5\. .*Nothing was sent\.$/);
    assert.equal(await highOffset(fakerTopic), '40');
    panel.dispose();
  });

  const every = (topic: string, interval: string, count = '1'): ProduceDraft & { interval: string } =>
    ({ ...emptyDraft(topic), value: '{"seq":{{seq}},"name":"{{faker.person.firstName}}"}', count, interval });

  async function start(panel: ProducerPanel, d: ProduceDraft & { interval: string }): Promise<void> {
    const { interval, ...draft } = d;
    await panel.handle({ type: 'startRepeat', draft, interval });
  }

  test('send every 0.2 s: runs, counts, {{seq}} goes on across ticks, Stop ends it and nothing more arrives', async () => {
    const panel = api.producer.open(cluster, everyTopic);
    const posted = watch(panel);
    await start(panel, every(everyTopic, '0.2', '2'));
    await until('6 ticks', 30_000, () => (panel.repeating?.ticks ?? 0) >= 6, () => panel.repeating);
    assert.equal(panel.repeating?.running, true);
    assert.equal(panel.panel.title, `Produce: ${everyTopic} · every 0.2 s`);
    assert.ok(posted.some((m) => m.type === 'repeat' && m.repeat.running && m.repeat.sent >= 2), 'no running status posted');
    // A second start or a plain send while it runs is refused, not doubled.
    await panel.handle({ type: 'send', draft: every(everyTopic, '1') });
    assert.equal(errorOf(posted), 'Sending every 0.2 s is running: press Stop first.');
    await panel.handle({ type: 'stopRepeat' });
    const s = panel.repeating;
    assert.ok(s && !s.running && s.ended === 'stopped', JSON.stringify(s));
    assert.equal(s.sent, s.ticks * 2);
    assert.equal(panel.panel.title, `Produce: ${everyTopic}`);
    const high = await highOffset(everyTopic);
    assert.equal(high, String(s.sent));
    await sleep(1_000); // five intervals: a tick that had not stopped would have written by now
    assert.equal(await highOffset(everyTopic), high, 'records arrived after Stop');
    // The whole run is one entry of Recent sends, with the offsets it wrote (posted once the history is saved).
    const histories = (): Array<Extract<ToWebview, { type: 'history' }>> => posted.filter((m): m is Extract<ToWebview, { type: 'history' }> => m.type === 'history');
    await until('the run in Recent sends', 30_000, () => histories().length > 0, () => JSON.stringify(posted.map((m) => m.type)));
    const history = histories().pop();
    assert.equal(history?.history[0].summary.sent, s.sent);
    assert.deepEqual(history?.history[0].summary.partitions.map((p) => [p.firstOffset, p.lastOffset, p.count]), [['0', String(s.sent - 1), s.sent]]);
    const recs = await kcatAll(bootstrap, everyTopic);
    assert.deepEqual(recs.map((r) => (JSON.parse(r.value) as { seq: number }).seq), Array.from({ length: s.sent }, (_, i) => i + 1));
    panel.dispose();
  });

  test('send every: a bad interval is refused with its reason and sends nothing', async () => {
    const panel = api.producer.open(cluster, everyTopic);
    const posted = watch(panel);
    const before = await highOffset(everyTopic);
    await start(panel, every(everyTopic, '0.01'));
    assert.equal(errorOf(posted), 'Every 0.01 s is too often: the interval must be at least 0.1 s.');
    // A generator that does not exist stops it at the first tick, before anything is sent.
    await start(panel, { ...every(everyTopic, '1'), value: '{"x":{{faker.nope.x}}}' });
    await until('the stop', 10_000, () => panel.repeating?.running === false, () => panel.repeating);
    assert.match(errorOf(posted) ?? '', /^Sending every 1 s stopped after 0 sent: Value: unknown faker generator \{\{faker\.nope\.x\}\}: faker has no module "nope"; its modules are airline, /);
    assert.equal(await highOffset(everyTopic), before);
    panel.dispose();
  });

  test('send every stops when the panel closes', async () => {
    const panel = api.producer.open(cluster, closeTopic);
    await start(panel, every(closeTopic, '0.2'));
    await until('2 ticks', 30_000, () => (panel.repeating?.ticks ?? 0) >= 2, () => panel.repeating);
    panel.dispose();
    await panel.stopRepeat('again'); // waits for a batch in flight; a no-op for the status
    assert.equal(panel.repeating?.running, false);
    assert.equal(panel.repeating?.ended, 'the panel was closed');
    const high = await highOffset(closeTopic);
    assert.equal(high, String(panel.repeating?.sent));
    await sleep(1_000);
    assert.equal(await highOffset(closeTopic), high, 'records arrived after the panel closed');
  });

  test('send every stops when its cluster is removed', async () => {
    const other = await addCluster(api, { name: `scenarios-removed-${stamp}`, bootstrapServers: bootstrap.split(',') });
    const panel = api.producer.open(other, removedTopic);
    // A long interval: the removal falls between ticks, never into a send.
    await start(panel, every(removedTopic, '30'));
    await until('the first tick', 30_000, () => (panel.repeating?.ticks ?? 0) >= 1, () => panel.repeating);
    await removeCluster(api, other.id);
    await until('the stop', 10_000, () => panel.repeating?.running === false, () => panel.repeating);
    assert.equal(panel.repeating?.ended, `the cluster "scenarios-removed-${stamp}" was removed`);
    assert.equal(await highOffset(removedTopic), '1');
    panel.dispose();
  });

  test('send every stops on a send error and shows it (the topic was deleted)', async () => {
    const panel = api.producer.open(cluster, deletedTopic);
    const posted = watch(panel);
    await start(panel, every(deletedTopic, '0.2'));
    await until('2 ticks', 30_000, () => (panel.repeating?.ticks ?? 0) >= 2, () => panel.repeating);
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [deletedTopic] }));
    await until('the stop', 60_000, () => panel.repeating?.running === false, () => panel.repeating);
    assert.equal(panel.repeating?.ended, 'a send failed');
    assert.match(errorOf(posted) ?? '', new RegExp(`^Sending every 0.2 s stopped after ${panel.repeating?.sent} sent: .*${deletedTopic}`));
    assert.equal(panel.panel.title, `Produce: ${deletedTopic}`);
    panel.dispose();
  });

  test('open(cluster, topic, draft) puts the draft in the form, unsent; again on the open panel replaces it', async () => {
    const draft = { key: 'order-7', value: '{"id":7}', valueFormat: 'json' as const, headers: [{ name: 'source', value: 'browser' }] };
    const panel = api.producer.open(cluster, draftTopic, draft);
    const posted = watch(panel);
    assert.deepEqual(panel.currentDraft, { ...emptyDraft(draftTopic), ...draft });
    await panel.handle({ type: 'ready' });
    const init = posted.find((m): m is Extract<ToWebview, { type: 'init' }> => m.type === 'init');
    assert.ok(init);
    assert.deepEqual(init.draft, { ...emptyDraft(draftTopic), ...draft });
    const again = api.producer.open(cluster, draftTopic, { keyFormat: 'null', value: '', valueFormat: 'null', topic: 'ignored' });
    assert.equal(again, panel, 'a second open focuses the same panel');
    assert.deepEqual(panel.currentDraft, { ...emptyDraft(draftTopic), keyFormat: 'null', valueFormat: 'null' });
    const shown = posted.filter((m): m is Extract<ToWebview, { type: 'draft' }> => m.type === 'draft').pop();
    assert.deepEqual(shown?.draft, panel.currentDraft);
    await sleep(500);
    assert.equal(await highOffset(draftTopic), '0', 'opening with a draft sent something');
    panel.dispose();
  });
});
