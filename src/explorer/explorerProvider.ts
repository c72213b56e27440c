// Data provider for the `kafkaDev.explorer` tree: clusters → Brokers / Topics / Consumer Groups.
// Children load lazily on expand and are cached until a refresh of that node or its cluster.
import * as vscode from 'vscode';
import { describeKafkaError } from '../kafka/errors';
import { Services } from '../services';
import { ExplorerNode } from './nodes';

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly cache = new Map<string, ExplorerNode[]>();

  constructor(private readonly services: Services) {}

  /** Forgets cached children of one cluster (or all) and redraws. */
  refresh(clusterId?: string): void {
    if (clusterId) {
      for (const k of [...this.cache.keys()]) if (k.startsWith(`${clusterId}/`)) this.cache.delete(k);
    } else {
      this.cache.clear();
    }
    this.changed.fire(undefined);
  }

  getTreeItem(n: ExplorerNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (n.kind) {
      case 'cluster': {
        const item = new vscode.TreeItem(n.cluster.name, C.Collapsed);
        item.id = `cluster:${n.cluster.id}`;
        item.description = n.cluster.bootstrapServers.join(', ');
        item.iconPath = new vscode.ThemeIcon('server-environment');
        item.contextValue = 'cluster';
        item.tooltip = `${n.cluster.name}\n${n.cluster.bootstrapServers.join('\n')}`;
        return item;
      }
      case 'brokers':
        return Object.assign(new vscode.TreeItem('Brokers', C.Collapsed), {
          id: `${n.cluster.id}/brokers`, iconPath: new vscode.ThemeIcon('server'), contextValue: 'brokers',
        });
      case 'broker': {
        const item = new vscode.TreeItem(`Broker ${n.broker.nodeId}`, C.None);
        item.id = `${n.cluster.id}/broker/${n.broker.nodeId}`;
        item.description = `${n.broker.host}:${n.broker.port}${n.broker.isController ? ' (controller)' : ''}`;
        item.iconPath = new vscode.ThemeIcon(n.broker.isController ? 'star-full' : 'server');
        item.contextValue = 'broker';
        return item;
      }
      case 'topics':
        return Object.assign(new vscode.TreeItem('Topics', C.Collapsed), {
          id: `${n.cluster.id}/topics`, iconPath: new vscode.ThemeIcon('list-unordered'), contextValue: 'topics',
        });
      case 'topic': {
        const item = new vscode.TreeItem(n.topic.name, C.Collapsed);
        item.id = `${n.cluster.id}/topic/${n.topic.name}`;
        item.description = `${n.topic.partitions} partition${n.topic.partitions === 1 ? '' : 's'}`;
        item.iconPath = new vscode.ThemeIcon('symbol-event');
        item.contextValue = 'topic';
        return item;
      }
      case 'groups':
        return Object.assign(new vscode.TreeItem('Consumer Groups', C.Collapsed), {
          id: `${n.cluster.id}/groups`, iconPath: new vscode.ThemeIcon('organization'), contextValue: 'groups',
        });
      case 'error': {
        const item = new vscode.TreeItem(n.message, C.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = `${n.message}\nClick to retry.`;
        item.contextValue = 'error';
        item.command = { command: 'kafkaDev.refresh', title: 'Retry', arguments: [n.retry] };
        return item;
      }
      case 'info':
        return Object.assign(new vscode.TreeItem(n.message, C.None), { iconPath: new vscode.ThemeIcon('info') });
    }
  }

  async getChildren(n?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!n) return this.services.clusters.list().map((cluster) => ({ kind: 'cluster', cluster }));
    const key = `${n.cluster.id}/${n.kind}${n.kind === 'topic' ? `/${n.topic.name}` : ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    let children: ExplorerNode[];
    try {
      children = await this.load(n);
    } catch (e) {
      const d = describeKafkaError(e, n.cluster.bootstrapServers.join(', '));
      // Errors are not cached: the next expand or Retry tries again.
      return [{ kind: 'error', cluster: n.cluster, message: d.message, retry: n }];
    }
    this.cache.set(key, children);
    return children;
  }

  private async load(n: ExplorerNode): Promise<ExplorerNode[]> {
    const { cluster } = n;
    switch (n.kind) {
      case 'cluster':
        return [{ kind: 'brokers', cluster }, { kind: 'topics', cluster }, { kind: 'groups', cluster }];
      case 'brokers': {
        const conn = await this.services.connections.get(cluster.id);
        const o = await conn.admin.overview();
        return o.brokers.map((broker) => ({ kind: 'broker', cluster, broker }));
      }
      case 'topics': {
        const conn = await this.services.connections.get(cluster.id);
        const topics = (await conn.admin.topics()).filter((t) => !t.internal);
        return topics.length ? topics.map((topic) => ({ kind: 'topic', cluster, topic })) : [{ kind: 'info', cluster, message: 'No topics' }];
      }
      default:
        return [];
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
