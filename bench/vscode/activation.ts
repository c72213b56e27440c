// Loaded by the extension host of a fresh code-server as `extensionTestsPath`: activates Kafka Dev
// (not yet active: no Kafka view is open) and reports, as one marked console line, both the
// extension's own activate() timing, the wall time of vscode's activate() (bundle load included), and
// the bundle's load time alone.
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../src/extension';
import { ACTIVATION_MARKER, ActivationReport } from './activationReport';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<KafkaDevApi>('kafka-dev.kafka-dev');
  if (!ext) throw new Error('extension kafka-dev.kafka-dev not found');
  const wasActive = ext.isActive;
  const t0 = performance.now();
  const api = await ext.activate();
  const wallMs = performance.now() - t0;
  // The bundle's own load cost, apart from the host's activation work: require it again, uncached
  // (its top level only defines modules; activate() is not called again).
  const bundle = join(ext.extensionPath, 'dist', 'extension.js');
  delete require.cache[require.resolve(bundle)];
  const t1 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- timing the load itself
  require(bundle);
  const report: ActivationReport = { activationMs: api.activationMs, wallMs, loadMs: performance.now() - t1, wasActive };
  console.log(ACTIVATION_MARKER + JSON.stringify(report));
}
