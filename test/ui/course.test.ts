// The course chapter as one person's first session, in a real VS Code against a broker of its own (so the
// topic is new and "from the beginning" means exactly what was sent here): create quickstart-events,
// describe it, send `Hello`, `Theja` and `{"name":"Theja"}` with the panel's default settings, consume
// from the beginning and see the three records; kcat reads the same three values byte for byte.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { startVsCode } from '../harness/vscode';
import { clickTopicAction, expandRow, revealRow, treeRow } from '../harness/vscode/tree';
import { answerStep, describeFromPalette, waitForOutput } from '../harness/vscode/workbench';
import { expectText, fill, openFromTree } from './producerPanel';

const run = promisify(execFile);
const TOPIC = 'quickstart-events';
const MESSAGES = ['Hello', 'Theja', '{"name":"Theja"}'];
let kafka: KafkaCluster;

before(async () => { kafka = await startKafka({ nodes: 1 }); });
after(async () => { await kafka?.stop(); });

test('the course chapter: create and describe quickstart-events, send Hello, Theja and {"name":"Theja"} with the defaults, consume them from the beginning', { timeout: 6 * 60_000 }, async (t) => {
  const vs = await startVsCode({ settings: { 'kafkaDev.clusters': [{ id: 'course', name: 'local', bootstrapServers: kafka.bootstrapServers }] } });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    await expandRow(treeRow(page, 'local'));

    // kafka-topics.sh --create --topic quickstart-events: one partition, replication factor 1.
    await vs.runCommand('Kafka: Create Topic');
    await answerStep(page, '(1/4 name)', TOPIC);
    await answerStep(page, '(2/4 partitions)', '1');
    await answerStep(page, '(3/4 replication factor)', '1');
    await answerStep(page, '(4/4 configs, optional)', '');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 15_000 });
    await expandRow(treeRow(page, 'Topics'));
    await revealRow(page, treeRow(page, TOPIC), 30_000);

    // kafka-topics.sh --describe.
    await describeFromPalette(vs, TOPIC);
    t.diagnostic(`screenshot ${await vs.screenshot('course-describe')}`);

    // The console producer's three lines, from the panel with nothing changed but the value.
    const f = await openFromTree(vs, TOPIC);
    for (const [i, value] of MESSAGES.entries()) {
      await fill(f, 'value', value);
      await expectText(f, '#value-kind', i === 2 ? /^JSON$/ : /^text$/);
      await f.locator('#send').click();
      await expectText(f, '#result-headline', new RegExp(`^Sent 1 message to .*: partition 0, offset ${i} \\(`));
    }
    t.diagnostic(`screenshot ${await vs.screenshot('course-produce')}`);

    // The console consumer --from-beginning: the Start Consumer pick's first entry is from the beginning.
    await clickTopicAction(page, 'local', TOPIC, 'Start Consumer');
    const first = page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first();
    await first.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await first.innerText(), /from the beginning/);
    await page.keyboard.press('Enter');
    const shown = await waitForOutput(page, /p0@2 [\s\S]*"name": "Theja"/);
    assert.match(shown, /p0@0 Hello$/m);
    assert.match(shown, /p0@1 Theja$/m);
    assert.match(shown, /p0@2 \{\n {2}"name": "Theja"\n\}/);
    t.diagnostic(`screenshot ${await vs.screenshot('course-consume')}`);

    // And what is in the topic, read by another client: exactly the bytes typed.
    const { stdout } = await run('kcat', ['-C', '-b', kafka.bootstrap, '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%o %S %s\\n'], { timeout: 30_000 });
    assert.deepEqual(stdout.trim().split('\n'), MESSAGES.map((m, i) => `${i} ${Buffer.byteLength(m)} ${m}`));
  } catch (e) {
    await vs.screenshot('course-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});
