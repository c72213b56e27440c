// The Schemas rows of the Kafka tree: cluster → Schemas (only when the cluster has a registry) → subjects
// ("orders-value" · AVRO · v3) → versions ("v3 · id 7", a click opens it). Their children come from the
// cluster's registry client and are cached by the explorer like topics; a failure is the explorer's error
// row with Retry. contextValues: schemas, subject, schemaVersion (menus in package.json).
import * as vscode from 'vscode';
import type { ClusterConfig } from '../kafka/rules/clusterConfig';
import type { RegistryClient, SchemaType, SubjectSummary } from '../kafka/registry/types';
import { subjectRow, versionRow } from '../kafka/rules/schemaRows';

export type SchemaNode =
  | { kind: 'schemas'; cluster: ClusterConfig }
  | { kind: 'subject'; cluster: ClusterConfig; subject: SubjectSummary }
  | { kind: 'schemaVersion'; cluster: ClusterConfig; subject: string; schemaType: SchemaType; version: number; id?: number; latest: boolean };

export const SCHEMA_NODE_KINDS: ReadonlyArray<SchemaNode['kind']> = ['schemas', 'subject', 'schemaVersion'];

/** How many version lookups run at once when a subject with many versions is expanded. */
const PARALLEL = 4;

/** The children of a Schemas or subject row, or undefined for any other row. An info row when there are none. */
export async function loadSchemaChildren(n: SchemaNode, registry: () => Promise<RegistryClient>): Promise<Array<SchemaNode | { kind: 'info'; cluster: ClusterConfig; message: string }> | undefined> {
  const { cluster } = n;
  if (n.kind === 'schemas') {
    const subjects = await (await registry()).subjects();
    if (!subjects.length) return [{ kind: 'info', cluster, message: 'No subjects: Register Schema adds one' }];
    return [...subjects].sort((a, b) => a.subject.localeCompare(b.subject)).map((subject) => ({ kind: 'subject', cluster, subject }));
  }
  if (n.kind === 'subject') {
    const client = await registry();
    const versions = [...await client.versions(n.subject.subject)].sort((a, b) => b - a);
    // The ids are what records carry: each version's row shows its id (one bounded lookup per version).
    const ids = new Map<number, number>();
    for (let i = 0; i < versions.length; i += PARALLEL) {
      const batch = versions.slice(i, i + PARALLEL);
      const got = await Promise.all(batch.map((v) => client.schemaByVersion(n.subject.subject, v)));
      got.forEach((s, j) => ids.set(batch[j], s.id));
    }
    const latest = versions[0];
    return versions.map((version) => ({
      kind: 'schemaVersion', cluster, subject: n.subject.subject, schemaType: n.subject.schemaType, version, id: ids.get(version), latest: version === latest,
    }));
  }
  return undefined;
}

/** How a Schemas row is drawn. */
export function schemaTreeItem(n: SchemaNode): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  const id = n.cluster.id;
  switch (n.kind) {
    case 'schemas': {
      const item = new vscode.TreeItem('Schemas', C.Collapsed);
      item.id = `${id}/schemas`;
      item.description = n.cluster.schemaRegistry?.url;
      item.tooltip = `Schema Registry ${n.cluster.schemaRegistry?.url ?? ''}`;
      item.iconPath = new vscode.ThemeIcon('symbol-structure');
      item.contextValue = 'schemas';
      return item;
    }
    case 'subject': {
      const r = subjectRow(n.subject);
      const item = new vscode.TreeItem(r.label, C.Collapsed);
      item.id = `${id}/schemas/${encodeURIComponent(n.subject.subject)}`;
      item.description = r.description;
      item.tooltip = new vscode.MarkdownString(r.tooltip);
      item.iconPath = new vscode.ThemeIcon(n.subject.schemaType === 'PROTOBUF' ? 'symbol-namespace' : n.subject.schemaType === 'JSON' ? 'json' : 'symbol-class');
      item.contextValue = 'subject';
      return item;
    }
    case 'schemaVersion': {
      const r = versionRow(n.subject, n.version, n.id, n.latest);
      const item = new vscode.TreeItem(r.label, C.None);
      item.id = `${id}/schemas/${encodeURIComponent(n.subject)}/v${n.version}`;
      item.description = r.description;
      item.tooltip = r.tooltip;
      item.iconPath = new vscode.ThemeIcon('file-code');
      item.contextValue = 'schemaVersion';
      item.command = { command: 'kafkaDev.openSchemaVersion', title: 'Open Schema Version', arguments: [n] };
      return item;
    }
  }
}
