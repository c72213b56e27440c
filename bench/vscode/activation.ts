// Loaded by the extension host of a fresh code-server as `extensionTestsPath`: activates Kafka Dev
// (not yet active: no Kafka view is open) and reports, as one marked console line, both the
// extension's own activate() timing and the wall time of vscode's activate() (bundle load included).
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../src/extension';
import { ACTIVATION_MARKER, ActivationReport } from './activationReport';

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<KafkaDevApi>('kafka-dev.kafka-dev');
  if (!ext) throw new Error('extension kafka-dev.kafka-dev not found');
  const wasActive = ext.isActive;
  const t0 = performance.now();
  const api = await ext.activate();
  const report: ActivationReport = { activationMs: api.activationMs, wallMs: performance.now() - t0, wasActive };
  console.log(ACTIVATION_MARKER + JSON.stringify(report));
}
