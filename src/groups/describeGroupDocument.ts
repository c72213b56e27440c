// Describe Group as a read-only virtual document (kafka-dev-group:/<cluster id>/<group>.group-describe.txt):
// plain text that can be searched, copied and refreshed, like Describe Topic; "Copy" yields the
// kafka-consumer-groups.sh --describe layout.
import * as vscode from 'vscode';
import { describeKafkaError } from '../kafka/client/errors';
import { consumerGroupsDescribeLayout, describeGroupText } from '../kafka/rules/groupText';
import type { GroupDetail } from '../kafka/rules/groupTypes';
import { Services } from '../services';

export const GROUP_DESCRIBE_SCHEME = 'kafka-dev-group';
const SUFFIX = '.group-describe.txt';

export function groupDescribeUri(clusterId: string, groupId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: GROUP_DESCRIBE_SCHEME, path: `/${encodeURIComponent(clusterId)}/${groupId}${SUFFIX}` });
}

export function parseGroupDescribeUri(uri: vscode.Uri): { clusterId: string; groupId: string } | undefined {
  if (!uri.path.endsWith(SUFFIX)) return undefined;
  const m = /^\/([^/]+)\/(.+)$/.exec(uri.path.slice(0, -SUFFIX.length));
  return m ? { clusterId: decodeURIComponent(m[1]), groupId: m[2] } : undefined;
}

export class GroupDescribeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last description shown per document, for Copy. */
  private readonly last = new Map<string, GroupDetail>();

  constructor(private readonly services: Services) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const p = parseGroupDescribeUri(uri);
    if (!p) return `Not a consumer group description: ${uri.toString()}`;
    const cluster = this.services.clusters.get(p.clusterId);
    if (!cluster) return `The cluster of this description (id ${p.clusterId}) was removed.`;
    try {
      const d = await (await this.services.connections.get(p.clusterId)).admin.describeGroup(p.groupId);
      this.last.set(uri.toString(), d);
      return `${describeGroupText(d, cluster.name)}\n(described ${new Date().toISOString()}; Kafka: Refresh Group Description to update)\n`;
    } catch (e) {
      this.last.delete(uri.toString());
      const msg = e instanceof Error && !/KafkaJS/.test(e.name) ? e.message : describeKafkaError(e, cluster.bootstrapServers.join(', ')).message;
      return `Could not describe consumer group ${p.groupId} on ${cluster.name}:\n${msg}\n\nRun "Kafka: Refresh Group Description" to try again.\n`;
    }
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  /** The kafka-consumer-groups.sh --describe text of the description shown in `uri`; undefined when none. */
  consumerGroupsText(uri: vscode.Uri): string | undefined {
    const d = this.last.get(uri.toString());
    return d ? consumerGroupsDescribeLayout(d) : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
