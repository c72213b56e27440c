// Set Up Kafka on a VM from the palette in a real VS Code (code-server + Chromium), as a person goes
// through it: the SSH target and key, the host key's fingerprint trusted, the VM's findings shown before
// anything changes, version, the download URL (a server inside the namespace VM stands in for the Apache
// archive), the directories and the cluster's name; then the progress, the cluster in the tree with its VM
// row (broker running), Show Broker Log's channel with the startup line and, after Stop Broker from the
// palette, the row stopped. Screenshots in
// test-results/screenshots/vm-setup-*.png.
import { after, before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ensureKafkaDist, KafkaDist } from '../harness/kafkaDist';
import { createVm, Vm } from '../harness/netns';
import { Sshd, startSshd } from '../harness/sshd';
import { startVmHttpServer, VmHttpServer } from '../harness/vmHttp';
import { startVsCode } from '../harness/vscode';
import { expandRow, treeRow } from '../harness/vscode/tree';
import { answerStep, notified, waitForOutput } from '../harness/vscode/workbench';

let vm: Vm;
let sshd: Sshd;
let http: VmHttpServer;
let dist: KafkaDist;
let dir: string;

before(async () => {
  vm = await createVm();
  sshd = await startSshd({ netns: vm.name || undefined, listenAddress: vm.address });
  dist = await ensureKafkaDist();
  http = await startVmHttpServer(vm, dist.dir, 8000);
  dir = mkdtempSync(join(tmpdir(), 'kd-ui-vm-'));
});
after(async () => {
  // The broker this test had set up, if Stop Broker did not end it: found by its own directory, ended by pid.
  const pids = (() => { try { return execFileSync('pgrep', ['-f', join(dir, 'kafka')], { encoding: 'utf8' }); } catch { return ''; } })();
  for (const p of pids.split('\n').map(Number).filter((x) => x > 0)) { try { process.kill(p, 'SIGKILL'); } catch { /* gone */ } }
  await http?.stop();
  await sshd?.stop();
  await vm?.destroy();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function pick(page: Page, step: string, label: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
}

/** Waits for the modal dialog showing `text` and clicks its `button`. */
async function answerDialog(page: Page, text: RegExp, button: string, shot?: () => Promise<unknown>): Promise<string> {
  const dialog = page.locator('.monaco-dialog-box', { hasText: text });
  await dialog.waitFor({ state: 'visible', timeout: 90_000 });
  const shown = await dialog.innerText();
  await shot?.();
  await dialog.locator('.dialog-buttons a.monaco-button', { hasText: button }).first().click();
  await dialog.waitFor({ state: 'hidden', timeout: 15_000 });
  return shown;
}

test('dark theme: Set Up Kafka on a VM from the palette, the findings shown first, the cluster and its VM row in the tree', { timeout: 8 * 60_000 }, async (t) => {
  const vs = await startVsCode({ theme: 'dark', settings: { 'kafkaDev.clusters': [] } });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    await page.locator('.part.sidebar a', { hasText: 'Set Up Kafka on a VM' }).first().waitFor({ state: 'visible', timeout: 30_000 });
    t.diagnostic(`screenshot ${await vs.screenshot('vm-setup-welcome-dark')}`);
    await vs.runCommand('Kafka: Set Up Kafka on a VM…');
    await answerStep(page, '1/6 SSH host', `root@${sshd.host}${sshd.port === 22 ? '' : `:${sshd.port}`}`);
    await pick(page, '1/6 SSH authentication', 'Private key file');
    await answerStep(page, '1/6 SSH key', sshd.userKeyPath);
    await answerDialog(page, /authenticity of SSH host/, 'Trust and Connect', async () => t.diagnostic(`screenshot ${await vs.screenshot('vm-setup-host-key-dark')}`));
    const findings = await answerDialog(page, /nothing has been changed on it yet/, 'Continue', async () => t.diagnostic(`screenshot ${await vs.screenshot('vm-setup-findings-dark')}`));
    t.diagnostic(`findings dialog: ${findings.replace(/\n/g, ' | ')}`);
    await answerStep(page, '2/6 Kafka version', dist.version);
    await pick(page, '3/6 where Kafka comes from', 'Download on the VM');
    await answerStep(page, '3/6 download URL', `${http.url}/${dist.fileName}`);
    await answerStep(page, '4/6 Kafka directory', join(dir, 'kafka'));
    await answerStep(page, '5/6 data directory', join(dir, 'kafka-data'));
    await answerStep(page, '6/6 cluster name', 'course-vm');
    await notified(page, 'Setting up Kafka', 60_000).then(async () => t.diagnostic(`screenshot ${await vs.screenshot('vm-setup-progress-dark')}`), () => undefined);
    await notified(page, `Kafka ${dist.version} is set up on`, 4 * 60_000);
    const cluster = treeRow(page, 'course-vm');
    await cluster.waitFor({ state: 'visible', timeout: 30_000 });
    await expandRow(cluster);
    const vmRow = treeRow(page, 'VM');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /VM\s*running/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    await treeRow(page, 'Topics').waitFor({ state: 'visible', timeout: 60_000 });
    await vmRow.hover();
    t.diagnostic(`screenshot ${await vs.screenshot('vm-setup-done-dark')}`);

    await vs.runCommand('Kafka: Show Broker Log');
    await waitForOutput(page, /Kafka Server started/, 60_000);
    t.diagnostic(`screenshot ${await vs.screenshot('vm-setup-broker-log-dark')}`);

    await vs.runCommand('Kafka: Stop Broker');
    await notified(page, 'until you start it again', 90_000);
    await page.locator('.part.sidebar .monaco-list-row', { hasText: /VM\s*stopped/ }).first().waitFor({ state: 'visible', timeout: 60_000 });
    t.diagnostic(`screenshot ${await vs.screenshot('vm-setup-stopped-dark')}`);
  } catch (e) {
    await vs.screenshot('vm-setup-dark-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-60).join('\n')}`);
  } finally {
    await vs.close();
  }
});
