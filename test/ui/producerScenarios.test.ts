// "Send every N seconds" with a faker template in a real VS Code (code-server + Chromium), dark and light:
// a faker argument that is not JSON is marked as you type; Start shows the running state in the panel and
// in its tab title, Stop ends it; kcat reads every record back as JSON with a generated name.
// Screenshots: producer-every-dark.png, producer-every-light.png (running).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ClusterAdmin } from '../../src/kafka/admin/admin';
import { BrokerHandle } from '../harness/sharedBroker';
import { withVsCode as withSession } from '../harness/vscode/session';
import { expectText, fill, kcatAll, openFromTree } from './producerPanel';
import { closeUiTopic, openUiTopic } from './uiTopic';

let broker: BrokerHandle;
let admin: ClusterAdmin;
let topic: string;

before(async () => { ({ broker, admin, topic } = await openUiTopic('ui-every', 1)); });
after(() => closeUiTopic({ broker, admin, topic }));

const VALUE = '{"id": {{seq}}, "name": "{{faker.person.fullName}}", "email": "{{faker.internet.email}}", "score": {{faker.number.int({"min":1,"max":9})}}}';

for (const theme of ['dark', 'light'] as const) {
  test(`${theme} theme: send every 1 s with a faker template, running state, Stop`, { timeout: 5 * 60_000 }, async () => {
    await withSession({ theme, name: `producer-every-${theme}`, settings: { 'kafkaDev.clusters': [{ id: 'ui-local', name: 'local', bootstrapServers: broker.bootstrap.split(',') }] } }, async (vs) => {
      const before = (await kcatAll(broker.bootstrap, topic)).length;
      const f = await openFromTree(vs, topic);
      await expectText(f, '#cluster-name', /^local$/); // the extension's init has arrived: typing is not overwritten
      // As you type: faker arguments must be JSON, and the message says how to write them.
      await fill(f, 'value', '{"n": {{faker.number.int(min: 1)}}}');
      await expectText(f, '#error-value', /^Value: \{\{faker\.number\.int\(min: 1\)\}\}: the arguments are not JSON \(.*\): write them as JSON, e\.g\. /);
      await fill(f, 'interval', '0.01');
      await expectText(f, '#error-interval', /^Every 0\.01 s is too often: the interval must be at least 0\.1 s\.$/);
      await fill(f, 'value', VALUE);
      await expectText(f, '#value-kind', /^JSON$/);
      await fill(f, 'key', 'user-{{seq}}');
      await fill(f, 'count', '2');
      await fill(f, 'interval', '1');
      await expectText(f, '#error-interval', /^$/);
      await f.locator('#repeat-start').click();
      await expectText(f, '#repeat-status', /^Sending every 1 s · ([4-9]|\d\d+) messages sent · last p0: \d+…\d+$/, 30_000);
      assert.ok(await f.locator('#repeat-stop').isVisible(), 'Stop is not shown while running');
      assert.ok(await f.locator('#send').evaluate((e) => e.hasAttribute('disabled')), 'Send stays enabled while sending every N s');
      await vs.page.locator('.tab', { hasText: `Produce: ${topic} · every 1 s` }).first().waitFor({ timeout: 10_000 });
      await vs.screenshot(`producer-every-${theme}`);
      await f.locator('#repeat-stop').click();
      const stopped = await expectText(f, '#repeat-status', /^Stopped sending every 1 s after \d+ messages \(\d+ ticks\)\.$/);
      await vs.page.locator('.tab', { hasText: new RegExp(`Produce: ${topic}$`) }).first().waitFor({ timeout: 10_000 });
      const sent = Number(/after (\d+) messages/.exec(stopped)?.[1]);
      // The run is one entry of Recent sends.
      await expectText(f, '#history .h-what', new RegExp(`· ${topic} · ${sent} messages · p0: `));
      await vs.screenshot(`producer-every-${theme}-stopped`);
      const recs = (await kcatAll(broker.bootstrap, topic)).slice(before);
      assert.equal(recs.length, sent, `the panel says ${sent} sent, kcat reads ${recs.length}`);
      for (const [i, r] of recs.entries()) {
        const v = JSON.parse(r.value) as { id: number; name: string; email: string; score: number };
        assert.equal(v.id, i + 1, '{{seq}} goes on across ticks');
        assert.equal(r.key, `user-${i + 1}`);
        assert.ok(v.name.trim().length > 0 && v.email.includes('@') && v.score >= 1 && v.score <= 9, r.value);
      }
    });
  });
}
