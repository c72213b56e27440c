// What every extension-host suite needs: the activated extension's API, and a bounded wait for an event.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KafkaDevApi } from '../../src/extension';

export const EXTENSION_ID = 'kafka-dev.kafka-dev';

/** Resolves on the next `fire` of `event`, or rejects after `ms` (never waits unbounded). */
export function next(event: vscode.Event<unknown>, ms: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`no ${what} within ${ms} ms`)); }, ms);
    const sub = event(() => { clearTimeout(timer); sub.dispose(); resolve(); });
  });
}

/** Activates Kafka Dev (a no-op once active) and returns its API. */
export async function activate(): Promise<KafkaDevApi> {
  const ext = vscode.extensions.getExtension<KafkaDevApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}
