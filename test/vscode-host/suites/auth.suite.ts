// Token authentication through the extension's own commands in a real extension host: Add/Edit Cluster
// with OAUTHBEARER keeps the client secret in SecretStorage only (and drops it when the cluster stops
// using OAuth); Add Cluster with AWS MSK IAM authenticates against the fake MSK broker (loopback; no AWS
// is reachable) with a profile's keys, and a wrong secret key comes back as the broker's refusal.
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ClusterInput } from '../../../src/clusters/clusterInput';
import type { ClusterConfig } from '../../../src/kafka/rules/clusterConfig';
import type { ConnectionTestResult } from '../../../src/kafka/client/connectionTest';
import { startFakeMskBroker } from '../../harness/fakeMskBroker';
import { activate, removeCluster } from '../extensionApi';

const add = (input: ClusterInput): Thenable<ClusterConfig> => vscode.commands.executeCommand<ClusterConfig>('kafkaDev.addCluster', input);
const edit = (input: ClusterInput): Thenable<ClusterConfig> => vscode.commands.executeCommand<ClusterConfig>('kafkaDev.editCluster', input);
const testConn = (clusterId: string): Thenable<ConnectionTestResult> => vscode.commands.executeCommand<ConnectionTestResult>('kafkaDev.testConnection', { clusterId }, { quiet: true });

suite('token authentication', () => {
  test('OAUTHBEARER: the client secret is stored as a secret, never in settings, and goes when OAuth does', async () => {
    const api = await activate();
    const oauth = { tokenEndpointUrl: 'https://login.example.com/oauth2/token', clientId: 'kafka-dev-app', scope: 'kafka' };
    const saved = await add({ name: `oauth-${Date.now().toString(36)}`, bootstrapServers: '127.0.0.1:9092', security: 'oauthbearer', oauth, clientSecret: 's3cret-in-storage' });
    try {
      assert.deepEqual(saved.oauth, oauth);
      const settings = JSON.stringify(vscode.workspace.getConfiguration('kafkaDev').get('clusters'));
      assert.ok(settings.includes('kafka-dev-app') && !settings.includes('s3cret-in-storage'), settings);
      assert.equal((await api.services.clusters.secretsFor(saved.id)).oauthClientSecret, 's3cret-in-storage');
      // Editing without a secret keeps the stored one; a bad URL is refused with its reason, nothing saved.
      await edit({ id: saved.id, name: saved.name, bootstrapServers: '127.0.0.1:9092', security: 'oauthbearer', oauth: { ...oauth, scope: 'kafka other' } });
      assert.equal((await api.services.clusters.secretsFor(saved.id)).oauthClientSecret, 's3cret-in-storage');
      await assert.rejects(Promise.resolve(edit({ id: saved.id, name: saved.name, bootstrapServers: '127.0.0.1:9092', security: 'oauthbearer', oauth: { ...oauth, tokenEndpointUrl: 'ftp://x/token' } })),
        /OAUTHBEARER token endpoint: The token endpoint must be an http\(s\) URL, not ftp:/);
      assert.equal(api.services.clusters.get(saved.id)?.oauth?.scope, 'kafka other');
      await edit({ id: saved.id, name: saved.name, bootstrapServers: '127.0.0.1:9092', security: 'none' });
      assert.equal(api.services.clusters.get(saved.id)?.oauth, undefined);
      assert.equal((await api.services.clusters.secretsFor(saved.id)).oauthClientSecret, undefined);
    } finally {
      await removeCluster(api, saved.id);
    }
  });

  test('AWS MSK IAM: Test Connection signs with a profile\'s keys; a wrong secret key gets the broker\'s refusal', async () => {
    const api = await activate();
    const broker = await startFakeMskBroker({ region: 'us-east-1', keys: { AKIDVSCODEHOST: { secret: 'right-secret' } } });
    const dir = mkdtempSync(join(tmpdir(), 'kafka-dev-msk-host-'));
    const previous = process.env.AWS_SHARED_CREDENTIALS_FILE;
    writeFileSync(join(dir, 'credentials'), '[msk]\naws_access_key_id = AKIDVSCODEHOST\naws_secret_access_key = right-secret\n[wrong]\naws_access_key_id = AKIDVSCODEHOST\naws_secret_access_key = wrong-secret\n');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    let id: string | undefined;
    try {
      const saved = await add({ name: `msk-${Date.now().toString(36)}`, bootstrapServers: broker.bootstrap, security: 'aws-msk-iam', awsRegion: 'us-east-1', awsProfile: 'msk' });
      id = saved.id;
      assert.deepEqual(saved.awsIam, { region: 'us-east-1', profile: 'msk' });
      const ok = await testConn(saved.id);
      assert.ok(ok.ok, JSON.stringify(ok));
      assert.ok(broker.attempts.some((a) => a.accepted), 'the fake broker accepted a signature');
      await edit({ id: saved.id, name: saved.name, bootstrapServers: broker.bootstrap, security: 'aws-msk-iam', awsRegion: 'us-east-1', awsProfile: 'wrong' });
      const bad = await testConn(saved.id);
      assert.ok(!bad.ok, JSON.stringify(bad));
      assert.match(bad.message, /refused MSK IAM authentication \(\[[0-9a-f-]+\]: Access denied\)\. Check the AWS credentials from AWS profile "wrong"/);
    } finally {
      if (id) await removeCluster(api, id);
      if (previous === undefined) delete process.env.AWS_SHARED_CREDENTIALS_FILE; else process.env.AWS_SHARED_CREDENTIALS_FILE = previous;
      await broker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
