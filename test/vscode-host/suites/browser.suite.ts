// Browse Messages inside a real extension host against the shared broker: the panel opened by the command
// (as the tree and the palette do), driven as its webview does (handle() with the messages the webview
// posts), checked by what it posts back: exact counts (read, held, fell out of a 40-record window),
// paging, filter counts, search of the topic, record detail (a 1 MiB value whole, JSON with exact digits,
// a hex dump), bad input at its field, Re-send into the producer's form, a topic deleted while browsing,
// and the link on a consumer channel's header line.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { BrowserPanel } from '../../../src/browser/panel';
import type { Counts, DetailView, RowView, ToWebview } from '../../../src/browser/protocol';
import type { KafkaDevApi } from '../../../src/extension';
import { defaultReadRequest, ReadRequest } from '../../../src/kafka/rules/browseRequest';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import { kcatProduce } from '../../harness/kcat';
import { activate, addCluster, removeCluster } from '../extensionApi';

const P0 = 30;
const P1 = 20;
/** p0: 30 JSON records + a 1 MiB text value; p1: 20 JSON records, a tombstone, a binary value. */
const TOTAL = P0 + 1 + P1 + 2;
const BIG = 1024 * 1024;
const failed = (id: number): boolean => id % 3 === 0;

/** Collects what a panel posts; `until` waits (bounded) for a message that passes `match`. */
function recorder(panel: BrowserPanel): { all: ToWebview[]; until<T extends ToWebview>(what: string, match: (m: ToWebview) => m is T, ms?: number): Promise<T>; dispose(): void } {
  const all: ToWebview[] = [];
  const waiters: Array<(m: ToWebview) => void> = [];
  const sub = panel.onDidPost((m) => { all.push(m); for (const w of [...waiters]) w(m); });
  return {
    all,
    until: (what, match, ms = 30_000) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${ms} ms; last posted: ${JSON.stringify(all.slice(-5)).slice(0, 2_000)}`)), ms);
      const w = (m: ToWebview): void => {
        if (!match(m)) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(w), 1);
        resolve(m);
      };
      waiters.push(w);
    }),
    dispose: () => sub.dispose(),
  };
}

const isType = <K extends ToWebview['type']>(type: K) => (m: ToWebview): m is Extract<ToWebview, { type: K }> => m.type === type;

suite('browse messages (extension host)', function () {
  this.timeout(120_000);
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP ?? '';
  let api: KafkaDevApi;
  let cluster: ClusterConfig;
  const topic = `vscode-browse-${Date.now().toString(36)}`;
  let panel: BrowserPanel;

  const counts = (): Counts => panel.view.counts(false, false);

  async function readAll(request: ReadRequest): Promise<void> {
    await panel.handle({ type: 'read', request });
    const end = await panel.reading;
    assert.ok(end && (end.kind === 'end' || end.kind === 'limit'), `the read ended with ${JSON.stringify(end)}`);
  }

  async function rows(start: number, end: number): Promise<RowView[]> {
    const rec = recorder(panel);
    try {
      const got = rec.until('rows', isType('rows'));
      await panel.handle({ type: 'rows', version: panel.view.version, start, end });
      return (await got).rows;
    } finally { rec.dispose(); }
  }

  async function detail(index: number): Promise<DetailView> {
    const rec = recorder(panel);
    try {
      const got = rec.until('detail', isType('detail'));
      await panel.handle({ type: 'detail', version: panel.view.version, index });
      return (await got).detail;
    } finally { rec.dispose(); }
  }

  suiteSetup(async () => {
    assert.ok(bootstrap, 'KAFKA_DEV_TEST_BOOTSTRAP is not set in the extension host');
    api = await activate();
    cluster = await addCluster(api, { name: 'browse', bootstrapServers: bootstrap.split(',') });
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.createTopic({ name: topic, partitions: 2, configs: { 'max.message.bytes': String(2 * BIG) } });
    const json = (id: number): string => `k${id}:{"id":${id},"status":"${failed(id) ? 'failed' : 'ok'}","big":9007199254740993,"amount":${id * 10}}`;
    kcatProduce(bootstrap, topic, Array.from({ length: P0 }, (_, i) => json(i)), ['-K:', '-p', '0', '-H', 'source=test']);
    kcatProduce(bootstrap, topic, [`big:${'x'.repeat(BIG)}`], ['-K:', '-p', '0', '-X', 'message.max.bytes=4000000']);
    kcatProduce(bootstrap, topic, Array.from({ length: P1 }, (_, i) => json(100 + i)), ['-K:', '-p', '1']);
    kcatProduce(bootstrap, topic, ['gone:'], ['-K:', '-Z', '-p', '1']);
    kcatProduce(bootstrap, topic, [Buffer.from([0x00, 0xff, 0x10, 0x41])], ['-p', '1']);
    await vscode.workspace.getConfiguration('kafkaDev.browser').update('maxRecords', 40, vscode.ConfigurationTarget.Global);
    panel = await vscode.commands.executeCommand<BrowserPanel>('kafkaDev.browseMessages', { clusterId: cluster.id, topic });
    assert.ok(panel, 'the command returned no panel');
    assert.equal(api.browser.find(cluster.id, topic), panel);
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('kafkaDev.browser').update('maxRecords', undefined, vscode.ConfigurationTarget.Global);
    for (const p of api?.browser.panels ?? []) p.dispose();
    for (const p of api?.producer.panels ?? []) p.dispose();
    if (!cluster) return;
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [topic] })).catch(() => undefined);
    await removeCluster(api, cluster.id);
  });

  test('from the beginning into a 40-record window: exact counts of read, held and fallen out; pages of rows', async () => {
    await readAll({ ...defaultReadRequest(), from: 'beginning' });
    const c = counts();
    assert.deepEqual({ read: c.read, held: c.held, evicted: c.evicted, rows: c.rows, max: c.maxRecords }, { read: TOTAL, held: 40, evicted: TOTAL - 40, rows: 40, max: 40 });
    const page = await rows(0, 40);
    assert.equal(page.length, 40);
    assert.deepEqual(page.map((r) => r.i), [...Array(40).keys()]);
    // Every partition's records in offset order; 13 of the oldest fell out of the window.
    for (const p of [0, 1]) {
      const offs = page.filter((r) => r.partition === p).map((r) => Number(r.offset));
      assert.deepEqual(offs, [...offs].sort((a, b) => a - b), `p${p} in offset order`);
    }
    const tomb = page.find((r) => r.key === 'gone');
    assert.ok(tomb && tomb.tombstone && tomb.value === '«null»', JSON.stringify(tomb));
    const big = page.find((r) => r.key === 'big');
    assert.ok(big && big.value.length <= 200 && big.value.endsWith('…') && big.size === BIG + 3, `the big row: ${JSON.stringify(big).slice(0, 300)}`);
    const bin = page.find((r) => r.partition === 1 && r.offset === String(P1 + 1));
    assert.equal(bin?.value, '«hex:00ff1041»');
    // The latest N of each partition (the default) reads the newest records first.
    await readAll({ ...defaultReadRequest(), lastText: '5' });
    assert.deepEqual({ read: counts().read, held: counts().held, evicted: counts().evicted }, { read: 10, held: 10, evicted: 0 });
  });

  test('filter counts are exact; the table pages the matching rows only', async () => {
    await readAll({ ...defaultReadRequest(), from: 'beginning' });
    const held = panel.view.window;
    const heldIds: number[] = [];
    for (let i = 0; i < held.size; i++) {
      const m = /"id":(\d+)/.exec(held.at(i).value?.toString() ?? '');
      if (m) heldIds.push(Number(m[1]));
    }
    await panel.handle({ type: 'filter', spec: { json: 'status == "failed"' } });
    assert.equal(counts().matching, heldIds.filter(failed).length);
    assert.equal(counts().filtered, true);
    const matchRows = await rows(0, counts().rows);
    assert.ok(matchRows.every((r) => r.value.includes('"status":"failed"')), 'every row is a failed one');
    await panel.handle({ type: 'filter', spec: { text: '^k1\\d\\d$', regex: true, scope: 'key' } });
    assert.equal(counts().matching, heldIds.filter((id) => id >= 100).length);
    await panel.handle({ type: 'filter', spec: { json: 'amount > 150', partitions: [1] } });
    assert.equal(counts().matching, heldIds.filter((id) => id >= 100 && id * 10 > 150).length);
    await panel.handle({ type: 'filter', spec: {} });
    assert.deepEqual({ matching: counts().matching, filtered: counts().filtered }, { matching: 40, filtered: false });
  });

  test('bad input gets a specific message at its field, and the previous filter stays', async () => {
    const rec = recorder(panel);
    try {
      const errorOf = async (spec: object): Promise<Extract<ToWebview, { type: 'fieldError' }>> => {
        const got = rec.until('a filter error', (m): m is Extract<ToWebview, { type: 'fieldError' }> => m.type === 'fieldError' && m.scope === 'filter' && m.error !== null);
        await panel.handle({ type: 'filter', spec });
        return got;
      };
      const re = await errorOf({ text: '(unclosed', regex: true });
      assert.equal(re.field, 'text');
      assert.match(re.error ?? '', /regular expression/i);
      const js = await errorOf({ json: 'amount >' });
      assert.equal(js.field, 'json');
      assert.ok((js.error ?? '').length > 10, js.error ?? '');
      const future = await errorOf({ fromMs: Date.now() + 86_400_000 });
      assert.equal(future.field, 'time');
      assert.match(future.error ?? '', /future/);
      assert.equal(counts().filtered, false, 'a bad filter leaves the previous one in force');
      const bad = rec.until('a read error', (m): m is Extract<ToWebview, { type: 'fieldError' }> => m.type === 'fieldError' && m.scope === 'read' && m.error !== null);
      await panel.handle({ type: 'read', request: { ...defaultReadRequest(), from: 'offset', offsetText: 'soon' } });
      const r = await bad;
      assert.equal(r.field, 'offset');
      assert.match(r.error ?? '', /"soon" is not an offset/);
      await panel.handle({ type: 'rows', version: 1, start: 5, end: 1 });
      assert.ok(rec.all.some((m) => m.type === 'status' && /invalid request \(rows: /.test(m.line)), 'a malformed request is named');
    } finally { rec.dispose(); }
  });

  test('record detail: a 1 MiB value whole, JSON with exact digits, headers, a hex dump, a tombstone', async () => {
    await readAll({ ...defaultReadRequest(), from: 'beginning' });
    const page = await rows(0, 40);
    const big = await detail(page.findIndex((r) => r.key === 'big'));
    assert.equal(big.value.kind, 'text');
    assert.equal(big.value.text.length, BIG, 'the detail shows the whole 1 MiB value');
    assert.equal(big.size, BIG + 3);
    const j = await detail(page.findIndex((r) => r.key === 'k29'));
    assert.equal(j.value.kind, 'json');
    assert.match(j.value.text, /^\{\n {2}"id": 29,\n {2}"status": "ok",\n {2}"big": 9007199254740993,/);
    assert.deepEqual(j.headers, [{ name: 'source', value: { kind: 'text', text: 'test', bytes: 4 } }]);
    assert.equal(j.key.text, 'k29');
    assert.ok(j.timestampType === 'CreateTime' || j.timestampType === 'LogAppendTime', `timestamp type ${j.timestampType}`);
    const bin = await detail(page.findIndex((r) => r.value === '«hex:00ff1041»'));
    assert.equal(bin.value.kind, 'binary');
    assert.match(bin.value.text, /^00000000 {2}00 ff 10 41 {38}\.\.\.A$/);
    const tomb = await detail(page.findIndex((r) => r.key === 'gone'));
    assert.deepEqual(tomb.value, { kind: 'null', text: '«null»', bytes: 0 });
  });

  test('record actions: copy as JSON, copy kcat command, open as a read-only JSON document', async () => {
    const page = await rows(0, 40);
    await detail(page.findIndex((r) => r.key === 'k29'));
    await panel.handle({ type: 'action', action: 'copyRecord' });
    const copied = JSON.parse(api.browser.copied.text ?? '') as { key: string; value: { big: number }; partition: number };
    assert.equal(copied.key, 'k29');
    assert.match(api.browser.copied.text ?? '', /"big": 9007199254740993/);
    await panel.handle({ type: 'action', action: 'copyKcat' });
    assert.match(api.browser.copied.text ?? '', new RegExp(`^printf '%s\\\\n' '\\{"id":29,.*' \\| kcat -P -b ${bootstrap.replace(/\./g, '\\.')} -t ${topic} -p 0 -k k29 -H source=test$`));
    await panel.handle({ type: 'action', action: 'openJson' });
    const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'kafka-dev-record');
    assert.ok(editor, 'the record opened in an editor');
    assert.equal(editor.document.languageId, 'json');
    assert.match(editor.document.getText(), /"key": "k29"/);
  });

  test('Re-send opens the producer with the record in its form (not sent)', async () => {
    const page = await rows(0, 40);
    await detail(page.findIndex((r) => r.key === 'k118'));
    await panel.handle({ type: 'action', action: 'resend' });
    const producer = api.producer.find(cluster.id, topic);
    assert.ok(producer, 'a producer panel for the topic');
    const d = producer.currentDraft;
    assert.deepEqual({ key: d.key, keyFormat: d.keyFormat, valueFormat: d.valueFormat, value: d.value, topic: d.topic },
      { key: 'k118', keyFormat: 'text', valueFormat: 'json', value: '{"id":118,"status":"ok","big":9007199254740993,"amount":1180}', topic });
    // A value that is not UTF-8 cannot go into the form losslessly: said so, nothing opened anew.
    const rec = recorder(panel);
    try {
      await detail(page.findIndex((r) => r.value === '«hex:00ff1041»'));
      await panel.handle({ type: 'action', action: 'resend' });
      assert.ok(rec.all.some((m) => m.type === 'status' && m.level === 'error' && /is not UTF-8 text \(4 bytes\)/.test(m.line)), JSON.stringify(rec.all));
    } finally { rec.dispose(); }
  });

  test('search the topic: the first N matches of the filter replace the table; back to the window', async () => {
    const rec = recorder(panel);
    try {
      const done = rec.until('search done', isType('searchDone'), 60_000);
      await panel.handle({ type: 'search', request: { read: { ...defaultReadRequest(), from: 'beginning' }, to: 'end', toText: '', maxMatchesText: '100', filter: { json: 'status == "failed"' } } });
      const d = (await done).done;
      const expected = [...Array(P0).keys(), ...Array.from({ length: P1 }, (_, i) => 100 + i)].filter(failed).length;
      assert.deepEqual({ matched: d.matched, scanned: d.scanned, complete: d.complete }, { matched: expected, scanned: TOTAL, complete: true });
      assert.deepEqual({ source: counts().source, rows: counts().rows }, { source: 'search', rows: expected });
      const found = await rows(0, expected);
      assert.ok(found.every((r) => r.value.includes('"status":"failed"')));
      assert.ok(rec.all.some((m) => m.type === 'status' && /^Search results replace the table: \d+ matches in 53 records scanned/.test(m.line)));
      const capped = rec.until('capped search', isType('searchDone'), 60_000);
      await panel.handle({ type: 'search', request: { read: { ...defaultReadRequest(), from: 'beginning' }, to: 'end', toText: '', maxMatchesText: '3', filter: { json: 'status == "failed"' } } });
      assert.equal((await capped).done.matched, 3);
      assert.equal(counts().rows, 3);
      await panel.handle({ type: 'backToWindow' });
      assert.equal(counts().source, 'window');
    } finally { rec.dispose(); }
  });

  test('a topic deleted while browsing live gets a specific message; the records read stay', async () => {
    const doomed = `${topic}-doomed`;
    const conn = await api.services.connections.get(cluster.id);
    await conn.admin.createTopic({ name: doomed, partitions: 1 });
    kcatProduce(bootstrap, doomed, ['a', 'b']);
    const p = await vscode.commands.executeCommand<BrowserPanel>('kafkaDev.browseMessages', { clusterId: cluster.id, topic: doomed });
    const rec = recorder(p);
    try {
      await p.handle({ type: 'read', request: { ...defaultReadRequest(), from: 'beginning', live: true } });
      const deadline = Date.now() + 30_000;
      while (p.view.window.size < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      assert.equal(p.view.window.size, 2);
      const status = rec.until('the deleted message', (m): m is Extract<ToWebview, { type: 'status' }> => m.type === 'status' && m.level === 'error', 90_000);
      await conn.admin.run('delete topic', (a) => a.deleteTopics({ topics: [doomed] }));
      const s = await status;
      assert.match(s.line, new RegExp(`Topic "${doomed}" was deleted.*The records already read stay in the window \\(2 read, 2 held\\)`));
    } finally {
      rec.dispose();
      p.dispose();
    }
  });

  test('a consumer channel\'s header line links its topic to Browse Messages', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'kafka-dev-records',
      content: `--- Consuming "${topic}" from the beginning (p0@0) on browse (${bootstrap}); no consumer group, nothing is written to the cluster.\nrecord line`,
    });
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc.uri);
    const ours = links.filter((l) => l.target?.scheme === 'command');
    assert.equal(ours.length, 1, JSON.stringify(links.map((l) => l.target?.toString())));
    assert.equal(doc.getText(ours[0].range), `"${topic}"`);
    assert.equal(ours[0].target?.path, 'kafkaDev.browseMessages');
    assert.deepEqual(JSON.parse(decodeURIComponent(ours[0].target?.query ?? '')), [{ clusterId: cluster.id, topic, via: 'link' }]);
  });
});
