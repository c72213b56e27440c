// The Schema Registry in the Kafka view as a person uses it, in a real VS Code (code-server + Chromium)
// against a real Apicurio Registry and the shared broker: cluster → Schemas → subjects (type and latest
// version beside each name) → versions ("v2 · id N"), a click on a version opens it in a tab of its own
// (Avro pretty-printed JSON, named "<subject> v1.avsc"); the subject's context menu carries the schema
// commands, and Set Compatibility's quick pick marks the current level (light theme), the change read back
// from the registry with plain fetch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { useApicurio } from '../harness/apicurio';
import { waitFor } from '../harness/process';
import { BrokerHandle, useBroker } from '../harness/sharedBroker';
import type { VsCodeSession } from '../harness/vscode';
import { withVsCode as withSession } from '../harness/vscode/session';
import { expandRow, expandRowUntil, revealRow, treeRow } from '../harness/vscode/tree';

let broker: BrokerHandle;
let url: string;
let releaseRegistry: (() => Promise<void>) | undefined;
// Each test process has an Apicurio of its own (useApicurio), so the subjects can have the names people give them.
const orders = 'orders-value';
const pay = 'payments-value';
const V1 = { type: 'record', name: 'Order', namespace: 'shop', fields: [{ name: 'id', type: 'long' }] };
const V2 = { ...V1, fields: [...V1.fields, { name: 'note', type: 'string', default: '' }] };
const PROTO = 'syntax = "proto3";\npackage shop;\n\nmessage Pay {\n  int64 id = 1;\n  string currency = 2;\n}\n';
const ids: number[] = [];

async function registry<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
  const r = await fetch(`${url}${path}`, { method, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status !== 200) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return await r.json() as T;
}

before(async () => {
  broker = await useBroker();
  ({ url, release: releaseRegistry } = await useApicurio());
  for (const s of [V1, V2]) ids.push((await registry<{ id: number }>(`/subjects/${orders}/versions`, 'POST', { schema: JSON.stringify(s) })).id);
  await registry(`/subjects/${pay}/versions`, 'POST', { schema: PROTO, schemaType: 'PROTOBUF' });
});
after(async () => {
  for (const s of [orders, pay]) {
    await fetch(`${url}/subjects/${s}`, { method: 'DELETE' }).catch(() => undefined);
    await fetch(`${url}/subjects/${s}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
  }
  await releaseRegistry?.();
  await broker?.release();
});

const description = (row: Locator): Promise<string> => row.locator('.label-description').innerText();

/** The editor's visible text (Monaco renders spaces as U+00A0). */
async function editorText(page: Page): Promise<string> {
  const lines = await page.locator('.part.editor .editor-instance .view-lines .view-line').allInnerTexts();
  return lines.map((l) => l.replace(/\u00a0/g, ' ')).join('\n');
}

async function treeAndVersion(vs: VsCodeSession, theme: 'dark' | 'light'): Promise<void> {
  const { page } = vs;
  await vs.openKafkaView();
  await expandRow(treeRow(page, 'local'));
  const schemas = treeRow(page, 'Schemas');
  await revealRow(page, schemas, 60_000);
  assert.equal(await description(schemas), new URL(url).host);
  await expandRowUntil(schemas, treeRow(page, orders));
  assert.equal(await description(treeRow(page, orders)), 'AVRO · v2');
  assert.equal(await description(treeRow(page, pay)), 'PROTOBUF · v1');
  await expandRowUntil(treeRow(page, orders), treeRow(page, `v2 · id ${ids[1]}`));
  assert.equal(await description(treeRow(page, `v2 · id ${ids[1]}`)), 'latest');
  await page.mouse.move(700, 600);
  await vs.screenshot(`schemas-tree-${theme}`);

  // A click on a version opens it: a tab named after subject and version, the schema pretty-printed.
  await treeRow(page, `v1 · id ${ids[0]}`).click();
  await page.locator('.tabs-container .tab', { hasText: `${orders} v1.avsc` }).waitFor({ state: 'visible', timeout: 30_000 });
  await waitFor('the schema in the editor', 30_000, async () => (await editorText(page)).includes('"namespace": "shop"'));
  assert.equal((await editorText(page)).trim(), JSON.stringify(V1, null, 2));
  await page.mouse.move(700, 600);
  await vs.screenshot(`schemas-version-${theme}`);
}

const withVsCode = (theme: 'dark' | 'light', fn: (vs: VsCodeSession) => Promise<void>): Promise<void> =>
  withSession({ theme, name: `schemas-${theme}`, settings: {
    'kafkaDev.clusters': [{ id: 'ui-schemas', name: 'local', bootstrapServers: broker.bootstrap.split(','), schemaRegistry: { url } }],
  } }, fn);

test('dark: Schemas → subjects → versions in the tree, a version opened as pretty-printed Avro in its own tab', { timeout: 6 * 60_000 }, async () => {
  await withVsCode('dark', (vs) => treeAndVersion(vs, 'dark'));
});

test('light: the same tree and version; the subject\'s menu → Set Compatibility marks the current level, FULL is set on the registry', { timeout: 6 * 60_000 }, async () => {
  await withVsCode('light', async (vs) => {
    await treeAndVersion(vs, 'light');
    const { page } = vs;
    const row = treeRow(page, orders);
    await revealRow(page, row);
    await row.click({ button: 'right' });
    const item = page.locator('.monaco-menu .action-item', { hasText: /^Set Compatibility$/ }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    for (const other of ['Open Schema Version', 'Register Schema', 'Delete Subject', 'Refresh Schemas']) {
      assert.equal(await page.locator('.monaco-menu .action-item', { hasText: new RegExp(`^${other}$`) }).count(), 1, `${other} is not in the subject's menu`);
    }
    await vs.screenshot('schemas-menu-light');
    await item.click();
    await page.locator('.quick-input-widget .quick-input-title', { hasText: `Set Compatibility of subject ${orders}` }).waitFor({ state: 'visible', timeout: 30_000 });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const current = rows.filter({ hasText: 'BACKWARD' }).filter({ hasText: 'current' }).first();
    await current.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await current.locator('.codicon-check').count(), 1, 'the current level carries no check mark');
    await page.mouse.move(700, 600);
    await vs.screenshot('schemas-compatibility-light');
    // Typed, as a person narrows a quick pick: FULL comes first, then Enter.
    await page.keyboard.type('FULL');
    await waitFor('FULL first in the quick pick', 15_000, async () => /^\s*FULL\s*\n/.test(await rows.first().innerText().catch(() => '')));
    await page.keyboard.press('Enter');
    await waitFor('FULL on the registry', 30_000, async () => {
      const c = await registry<Record<string, string>>(`/config/${orders}`).catch(() => ({} as Record<string, string>));
      return (c.compatibilityLevel ?? c.compatibility) === 'FULL';
    });
    await page.keyboard.press('Escape');
  });
});
