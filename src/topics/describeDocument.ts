// Describe Topic as a read-only virtual document (kafka-dev-topic:/<cluster id>/<topic>.describe): plain
// text that can be searched, copied and refreshed; "Copy" yields the kafka-topics.sh --describe layout.
import * as vscode from 'vscode';
import { formatKafkaTopicsDescribe, formatTopicReport, TopicDescription } from '../kafka/admin/describeTopic';
import { describeKafkaError } from '../kafka/client/errors';
import { Services } from '../services';

export const DESCRIBE_SCHEME = 'kafka-dev-topic';

export function describeUri(clusterId: string, topic: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DESCRIBE_SCHEME, path: `/${encodeURIComponent(clusterId)}/${topic}.describe` });
}

export function parseDescribeUri(uri: vscode.Uri): { clusterId: string; topic: string } | undefined {
  const m = /^\/([^/]+)\/(.+)\.describe$/.exec(uri.path);
  return m ? { clusterId: decodeURIComponent(m[1]), topic: m[2] } : undefined;
}

export class DescribeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last description shown per document, for "Copy as kafka-topics.sh". */
  private readonly last = new Map<string, TopicDescription>();

  constructor(private readonly services: Services) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const p = parseDescribeUri(uri);
    if (!p) return `Not a topic description: ${uri.toString()}`;
    const cluster = this.services.clusters.get(p.clusterId);
    if (!cluster) return `The cluster of this description (id ${p.clusterId}) was removed.`;
    try {
      const conn = await this.services.connections.get(p.clusterId);
      const d = await conn.admin.describeTopic(p.topic);
      this.last.set(uri.toString(), d);
      return `${formatTopicReport(d, cluster.name)}\n(described ${new Date().toISOString()}; Kafka: Refresh Topic Description to update)\n`;
    } catch (e) {
      this.last.delete(uri.toString());
      const msg = e instanceof Error && !/KafkaJS/.test(e.name) ? e.message : describeKafkaError(e, cluster.bootstrapServers.join(', ')).message;
      return `Could not describe topic ${p.topic} on ${cluster.name}:\n${msg}\n\nRun "Kafka: Refresh Topic Description" to try again.\n`;
    }
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  kafkaTopicsText(uri: vscode.Uri): string | undefined {
    const d = this.last.get(uri.toString());
    return d ? formatKafkaTopicsDescribe(d) : undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
