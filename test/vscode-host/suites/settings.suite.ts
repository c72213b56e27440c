// Settings edited by hand (issue 11, defect 10), in the real extension host: a value of the wrong type is
// reported with the setting's name and not used as it is, a cluster entry with a problem is left out but
// kept in the setting (saving another cluster must not drop it), and Kafka's capitalised mechanism names
// mean what they say instead of connecting without SASL.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate } from '../extensionApi';

const cfg = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('kafkaDev');

async function withSetting<T>(key: string, value: unknown, body: () => Promise<T>): Promise<T> {
  const before = cfg().inspect(key)?.globalValue;
  await cfg().update(key, value, vscode.ConfigurationTarget.Global);
  try {
    return await body();
  } finally {
    await cfg().update(key, before, vscode.ConfigurationTarget.Global);
  }
}

suite('settings edited by hand', () => {
  test('connectionTimeoutMs of the wrong type or 0 is reported and the default used', async () => {
    const api = await activate();
    for (const bad of ['5000', 0, -5]) {
      await withSetting('connectionTimeoutMs', bad, async () => {
        assert.equal(api.services.connections.timeoutMs(), 10_000, `timeout for ${JSON.stringify(bad)}`);
        const p = api.settingProblems().find((m) => m.startsWith('kafkaDev.connectionTimeoutMs'));
        assert.ok(p, `no problem reported for ${JSON.stringify(bad)}: ${JSON.stringify(api.settingProblems())}`);
      });
    }
    await withSetting('connectionTimeoutMs', 3_000, async () => {
      assert.equal(api.services.connections.timeoutMs(), 3_000);
      assert.ok(!api.settingProblems().some((m) => m.startsWith('kafkaDev.connectionTimeoutMs')), 'a fixed value is still reported');
    });
  });

  test('a bad cluster entry is reported, left out, and kept in the setting when another cluster is saved', async () => {
    const api = await activate();
    const good = { id: 'settings-good', name: 'settings-good', bootstrapServers: ['localhost:9092'] };
    const bad = { name: 'settings-bad', bootstrapServers: 'localhost:9092,localhost:9093' };
    const caps = { id: 'settings-caps', name: 'settings-caps', bootstrapServers: ['localhost:9092'], sasl: { mechanism: 'SCRAM-SHA-512', username: 'alice' } };
    const before = cfg().inspect<unknown[]>('clusters')?.globalValue;
    await withSetting('clusters', [...(before ?? []), good, bad, caps], async () => {
      const names = api.services.clusters.list().map((c) => c.name);
      assert.ok(names.includes('settings-good') && !names.includes('settings-bad'), JSON.stringify(names));
      assert.deepEqual(api.services.clusters.get('settings-caps')?.sasl, { mechanism: 'scram-sha-512', username: 'alice' });
      const problem = api.settingProblems().find((m) => m.includes('"settings-bad"'));
      assert.equal(problem, 'kafkaDev.clusters[' + String((before ?? []).length + 1) + '] ("settings-bad"): bootstrapServers must be a list of "host:port" texts, ' +
        'e.g. ["localhost:9092", "localhost:9093"], got the text "localhost:9092,localhost:9093".');

      const saved = await api.services.clusters.save({ name: 'settings-new', bootstrapServers: ['localhost:9092'] });
      const raw = cfg().inspect<unknown[]>('clusters')?.globalValue ?? [];
      assert.ok(raw.some((e) => JSON.stringify(e) === JSON.stringify(bad)), `saving another cluster dropped the bad entry: ${JSON.stringify(raw)}`);
      await api.services.clusters.remove(saved.id);
      const after = cfg().inspect<unknown[]>('clusters')?.globalValue ?? [];
      assert.ok(after.some((e) => JSON.stringify(e) === JSON.stringify(bad)), 'removing a cluster dropped the bad entry');
      assert.ok(!after.some((e) => (e as { name?: string }).name === 'settings-new'));
    });
    api.services.clusters.list();
    assert.ok(!api.settingProblems().some((m) => m.includes('"settings-bad"')), 'the problem is still reported after the entry was fixed');
  });
});
