// Add Cluster's token authentication in a real VS Code (code-server + Chromium), as a person goes through
// it: the authentication step lists OAUTHBEARER and AWS MSK IAM; a token endpoint that is not http(s) and
// a region that is not a region are refused as typed; the cluster ends with Test Connection reporting
// success, for OAUTHBEARER against a real broker validating a loopback issuer's JWTs (dark theme) and for
// MSK IAM against the fake MSK broker with a profile's keys (light theme).
import { after, before, test } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { FakeMskBroker, startFakeMskBroker } from '../harness/fakeMskBroker';
import { KafkaCluster, startKafka } from '../harness/kafka';
import { OidcIssuer, startOidcIssuer } from '../harness/oidcIssuer';
import { startVsCode } from '../harness/vscode';
import { treeRow } from '../harness/vscode/tree';
import { answerStep, notified, quickInput, fillIn } from '../harness/vscode/workbench';

let issuer: OidcIssuer;
let cluster: KafkaCluster;
let msk: FakeMskBroker;
let dir: string;

before(async () => {
  issuer = await startOidcIssuer({ clients: { 'kafka-dev-ui': 'ui-secret' } });
  cluster = await startKafka({ oauth: { jwksUrl: issuer.jwksUrl, audience: issuer.audience, issuer: issuer.url } });
  msk = await startFakeMskBroker({ region: 'us-east-1', keys: { AKIDUITEST: { secret: 'ui-aws-secret' } } });
  dir = mkdtempSync(join(tmpdir(), 'kafka-dev-ui-aws-'));
  writeFileSync(join(dir, 'credentials'), '[msk-ui]\naws_access_key_id = AKIDUITEST\naws_secret_access_key = ui-aws-secret\n');
});
after(async () => {
  await cluster?.stop();
  await issuer?.close();
  await msk?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function pick(page: Page, step: string, label: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
}

/** Types `text` into the open box and waits until VS Code shows `message` under it. */
async function refusedAsTyped(page: Page, step: string, text: string, message: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: step }).waitFor({ state: 'visible', timeout: 30_000 });
  await fillIn(quickInput(page), text);
  await page.locator('.quick-input-widget .quick-input-message', { hasText: message }).waitFor({ state: 'visible', timeout: 15_000 });
}


test('dark theme: Add Cluster with OAUTHBEARER, the URL checked as typed, Test Connection succeeds', { timeout: 5 * 60_000 }, async (t) => {
  const vs = await startVsCode({ theme: 'dark', settings: { 'kafkaDev.clusters': [] } });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    await vs.runCommand('Kafka: Add Cluster');
    await answerStep(page, '1/6 name', 'oauth-ui');
    await answerStep(page, '2/6 bootstrap servers', cluster.oauthBootstrap ?? '');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'AWS MSK IAM' }).waitFor({ state: 'visible', timeout: 30_000 });
    t.diagnostic(`screenshot ${await vs.screenshot('auth-security-step-dark')}`);
    await pick(page, '3/6 authentication', 'SASL OAUTHBEARER');
    await refusedAsTyped(page, '3/6 token endpoint', 'ftp://login.example.com/token', 'must be an http(s) URL, not ftp:');
    t.diagnostic(`screenshot ${await vs.screenshot('auth-oauth-url-refused-dark')}`);
    await answerStep(page, '3/6 token endpoint', issuer.tokenUrl);
    await answerStep(page, '3/6 client id', 'kafka-dev-ui');
    await answerStep(page, '3/6 client secret', 'ui-secret');
    await answerStep(page, '3/6 scope', 'kafka');
    await pick(page, '4/6 TLS', 'No TLS');
    await pick(page, '5/6 network', 'Connect directly');
    await pick(page, '6/6 Schema Registry', 'No Schema Registry');
    await notified(page, 'oauth-ui: Connected: 1 broker', 60_000);
    await treeRow(page, 'oauth-ui').waitFor({ state: 'visible', timeout: 15_000 });
    t.diagnostic(`screenshot ${await vs.screenshot('auth-oauth-connected-dark')}`);
  } catch (e) {
    await vs.screenshot('auth-oauth-dark-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});

test('light theme: Add Cluster with AWS MSK IAM, the region checked as typed, Test Connection signs with the profile', { timeout: 5 * 60_000 }, async (t) => {
  const vs = await startVsCode({ theme: 'light', settings: { 'kafkaDev.clusters': [] }, env: { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') } });
  const { page } = vs;
  try {
    await vs.openKafkaView();
    await vs.runCommand('Kafka: Add Cluster');
    await answerStep(page, '1/6 name', 'msk-ui');
    await answerStep(page, '2/6 bootstrap servers', msk.bootstrap);
    await pick(page, '3/6 authentication', 'AWS MSK IAM');
    await refusedAsTyped(page, '3/6 AWS region', 'Ireland', '"Ireland" is not an AWS region name');
    t.diagnostic(`screenshot ${await vs.screenshot('auth-msk-region-refused-light')}`);
    await answerStep(page, '3/6 AWS region', 'us-east-1');
    await answerStep(page, '3/6 AWS profile', 'msk-ui');
    await pick(page, '4/6 TLS', 'No TLS');
    await pick(page, '5/6 network', 'Connect directly');
    await pick(page, '6/6 Schema Registry', 'No Schema Registry');
    await notified(page, 'msk-ui: Connected: 1 broker', 60_000);
    t.diagnostic(`screenshot ${await vs.screenshot('auth-msk-connected-light')}`);
  } catch (e) {
    await vs.screenshot('auth-msk-light-failure').catch(() => undefined);
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n${vs.logs.slice(-40).join('\n')}`);
  } finally {
    await vs.close();
  }
});
