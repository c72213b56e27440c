// Data provider for the `kafkaDev.explorer` tree: clusters → Brokers / Topics / Consumer Groups.
// Children load lazily on expand (a cluster's brokers and topic names come with the cluster itself, for
// the counts on its rows) and are cached until a refresh of that node, its cluster, or a command that
// changes the cluster. Errors are never cached: they show as a node that retries on click.
import * as vscode from 'vscode';
import type { TopicSummary } from '../kafka/admin/admin';
import type { GroupSummary } from '../kafka/admin/groups';
import { describeKafkaError } from '../kafka/client/errors';
import { Services } from '../services';
import { compileTopicFilter, TopicFilter } from './glob';
import { mergeGroups, mergeLag } from './groupMerge';
import type { GroupsPoller } from './groupsRefresh';
import { brokerRow, groupRow, lagRow, NO_GROUPS_ROW, partitionRow, RowText, topicRow } from './labels';
import { ExplorerNode, nodeKey } from './nodes';

const FILTERS_KEY = 'kafkaDev.topicFilters';

/** Context key: some configured cluster has a topic filter (Clear Topic Filter shows in the palette). */
export const FILTER_SET_KEY = 'kafkaDev.topicFilterSet';

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, GroupsPoller, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly cache = new Map<string, ExplorerNode[]>();
  /** How many topics the last load of each cluster's Topics node showed, and out of how many. */
  private readonly topicCounts = new Map<string, { shown: number; total: number }>();

  /** Whether this window streams a topic into the Output panel; the consumer feature supplies it. */
  private consuming: (clusterId: string, topic: string) => boolean = () => false;

  constructor(private readonly services: Services) {}

  /**
   * Marks topics being consumed (icon, description, contextValue `topic.consuming` for the menus).
   * A consumer starting or stopping only redraws rows from the cache: it asks nothing of the cluster.
   */
  watchConsumers(isConsuming: (clusterId: string, topic: string) => boolean, onDidChange: vscode.Event<void>): vscode.Disposable {
    this.consuming = isConsuming;
    return onDidChange(() => this.changed.fire(undefined));
  }

  /** Forgets cached children of one cluster (or of one node and below, or all) and redraws. */
  refresh(target?: string | ExplorerNode): void {
    const prefix = target === undefined ? '' : typeof target === 'string' ? target : nodeKey(target);
    for (const k of [...this.cache.keys()]) {
      if (!prefix || k === prefix || k.startsWith(`${prefix}/`)) this.cache.delete(k);
    }
    const topicsOf = /^(.*)\/topics$/.exec(prefix)?.[1];
    const cluster = topicsOf !== undefined ? this.services.clusters.list().find((c) => c.id === topicsOf) : undefined;
    if (cluster) void this.reloadTopics(cluster, prefix);
    else this.changed.fire(undefined);
  }

  /**
   * A Topics reload (a created or deleted topic, a filter): the list is fetched first and the tree redrawn
   * once, with the new count on the Topics row. Redrawing first and then the Topics row again for its count
   * sent VS Code a second change while it was still taking the first one's children; in code-server that
   * left topic rows drawn whose element the extension host could not resolve (an inline action reached its
   * command without the row, an expanded topic never got its partitions).
   */
  private async reloadTopics(cluster: ExplorerNode['cluster'], key: string): Promise<void> {
    try {
      const all = await (await this.services.connections.get(cluster.id)).admin.topics();
      this.cache.set(key, this.topicRows(cluster, all).rows);
    } catch {
      // Not cached: expanding Topics asks again and shows the error there.
    }
    this.changed.fire(undefined);
  }

  /** The glob filter of a cluster's Topics node (persisted in global state; it holds no secrets). */
  topicFilter(clusterId: string): string {
    return this.services.context.globalState.get<Record<string, string>>(FILTERS_KEY, {})[clusterId] ?? '';
  }

  async setTopicFilter(clusterId: string, text: string): Promise<void> {
    const all = { ...this.services.context.globalState.get<Record<string, string>>(FILTERS_KEY, {}) };
    if (text.trim()) all[clusterId] = text.trim(); else delete all[clusterId];
    await this.services.context.globalState.update(FILTERS_KEY, all);
    await this.updateFilterContext();
    this.refresh(`${clusterId}/topics`);
  }

  /** Sets FILTER_SET_KEY from the filters of the clusters still configured (a removed one's filter does not count). */
  updateFilterContext(): Thenable<unknown> {
    const set = this.services.clusters.list().some((c) => this.topicFilter(c.id) !== '');
    return vscode.commands.executeCommand('setContext', FILTER_SET_KEY, set);
  }

  private showInternal(): boolean {
    return vscode.workspace.getConfiguration('kafkaDev').get<boolean>('showInternalTopics', false);
  }

  getTreeItem(n: ExplorerNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    const id = n.cluster.id;
    const fromRow = (r: RowText, state: vscode.TreeItemCollapsibleState, itemId: string, icon: string, ctx: string): vscode.TreeItem => {
      const item = new vscode.TreeItem(r.label, state);
      item.id = itemId;
      item.description = r.description;
      item.tooltip = new vscode.MarkdownString(r.tooltip);
      item.contextValue = ctx;
      item.iconPath = r.warning ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon(icon);
      return item;
    };
    switch (n.kind) {
      case 'cluster': {
        const item = new vscode.TreeItem(n.cluster.name, C.Collapsed);
        item.id = `cluster:${id}`;
        const extras = [n.cluster.sasl ? `SASL ${n.cluster.sasl.mechanism.toUpperCase()}` : n.cluster.oauth ? 'SASL OAUTHBEARER' : n.cluster.awsIam ? 'AWS MSK IAM' : '', n.cluster.tls?.enabled ? 'TLS' : '', n.cluster.ssh ? 'SSH' : ''].filter(Boolean);
        item.description = n.cluster.bootstrapServers.join(', ') + (extras.length ? ` · ${extras.join(' · ')}` : '');
        item.iconPath = new vscode.ThemeIcon('server-environment');
        item.contextValue = 'cluster';
        item.tooltip = `${n.cluster.name}\n${n.cluster.bootstrapServers.join('\n')}${extras.length ? `\n${extras.join(', ')}` : ''}`;
        return item;
      }
      case 'brokers': {
        const item = new vscode.TreeItem('Brokers', C.Collapsed);
        item.id = `${id}/brokers`;
        item.description = n.count !== undefined ? String(n.count) : undefined;
        item.iconPath = new vscode.ThemeIcon('server');
        item.contextValue = 'brokers';
        return item;
      }
      case 'broker': {
        const item = fromRow(brokerRow(n.broker), C.None, `${id}/broker/${n.broker.nodeId}`, n.broker.isController ? 'star-full' : 'server', 'broker');
        return item;
      }
      case 'topics': {
        const item = new vscode.TreeItem('Topics', C.Collapsed);
        item.id = `${id}/topics`;
        const filter = this.topicFilter(id);
        const counts = this.topicCounts.get(id);
        item.description = filter
          ? `filter: ${filter}${counts ? ` · ${counts.shown} of ${counts.total}` : ''}`
          : counts ? String(counts.shown) : undefined;
        item.iconPath = new vscode.ThemeIcon(filter ? 'filter' : 'list-unordered');
        item.contextValue = filter ? 'topics.filtered' : 'topics';
        return item;
      }
      case 'topic': {
        const consuming = this.consuming(id, n.topic.name);
        const item = fromRow(topicRow(n.topic, consuming), C.Collapsed, `${id}/topic/${n.topic.name}`,
          consuming ? 'pulse' : 'symbol-event', consuming ? 'topic.consuming' : 'topic');
        return item;
      }
      case 'partition':
        return fromRow(partitionRow(n.partition), C.None, `${id}/topic/${n.topic}/${n.partition.partition}`, 'symbol-number', 'partition');
      case 'groups':
        return Object.assign(new vscode.TreeItem('Consumer Groups', C.Collapsed), {
          id: `${id}/groups`, iconPath: new vscode.ThemeIcon('organization'), contextValue: 'groups',
        });
      case 'noGroups':
        return Object.assign(new vscode.TreeItem(NO_GROUPS_ROW.label, C.None), {
          id: `${id}/groups/none`, iconPath: new vscode.ThemeIcon('info'), contextValue: 'info', tooltip: new vscode.MarkdownString(NO_GROUPS_ROW.tooltip),
        });
      case 'group':
        return fromRow(groupRow(n.group), C.Collapsed, `${id}/group/${n.group.groupId}`, 'organization', 'group');
      case 'groupLag':
        return fromRow(lagRow(n.lag, n.showTopic), C.None, `${id}/group/${n.groupId}/${n.lag.topic}/${n.lag.partition}`, 'graph-line', 'groupLag');
      case 'error': {
        const item = new vscode.TreeItem(n.message, C.None);
        item.id = `${nodeKey(n.retry)}/error`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = `${n.message}\nClick to retry.`;
        item.contextValue = 'error';
        item.command = { command: 'kafkaDev.refresh', title: 'Retry', arguments: [n.retry] };
        return item;
      }
      case 'info':
        return Object.assign(new vscode.TreeItem(n.message, C.None), { iconPath: new vscode.ThemeIcon('info'), contextValue: 'info' });
    }
  }

  async getChildren(n?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!n) return this.services.clusters.list().map((cluster) => ({ kind: 'cluster', cluster }));
    const key = nodeKey(n);
    const cached = this.cache.get(key);
    if (cached) return cached;
    let children: ExplorerNode[];
    try {
      children = await this.load(n);
    } catch (e) {
      const d = describeKafkaError(e, n.cluster.bootstrapServers.join(', '));
      this.services.log.warn(`[${n.cluster.name}] ${n.kind}: ${d.message}`);
      // Not cached: the next expand or a click on the node tries again.
      return [{ kind: 'error', cluster: n.cluster, message: d.message, retry: n }];
    }
    this.cache.set(key, children);
    return children;
  }

  private async load(n: ExplorerNode): Promise<ExplorerNode[]> {
    const { cluster } = n;
    const conn = (): ReturnType<Services['connections']['get']> => this.services.connections.get(cluster.id);
    switch (n.kind) {
      case 'cluster': {
        // Connecting here (bounded) is what turns an unreachable cluster into one error node right away.
        const { admin } = await conn();
        // The topic names are fetched alongside, so the Topics row shows its count when it first appears,
        // as Brokers does; counting them on expand and redrawing left the row without a count for a second
        // or two. That is a second all-topics Metadata request: kafkajs's describeCluster asks for every
        // topic too but keeps only the brokers, and its public API has no call that returns both. A
        // failure here only costs the count: expanding Topics asks again and shows the error there.
        const [o, topics] = await Promise.all([admin.overview(), admin.topics().catch(() => undefined)]);
        // Cache both answers so expanding Brokers or Topics costs no further request.
        this.cache.set(`${cluster.id}/brokers`, o.brokers.map((broker) => ({ kind: 'broker', cluster, broker })));
        if (topics) this.cache.set(`${cluster.id}/topics`, this.topicRows(cluster, topics).rows);
        return [{ kind: 'brokers', cluster, count: o.brokers.length }, { kind: 'topics', cluster }, { kind: 'groups', cluster }];
      }
      case 'brokers': {
        const o = await (await conn()).admin.overview();
        return o.brokers.map((broker) => ({ kind: 'broker', cluster, broker }));
      }
      case 'topics': {
        const { rows, countsChanged } = this.topicRows(cluster, await (await conn()).admin.topics());
        // Only reached when the list was not loaded beforehand (the cluster's own topic fetch failed):
        // the Topics row was drawn without its count, so redraw it once VS Code has the
        // children. A refresh, a filter or a created topic go through reloadTopics and never get here.
        if (countsChanged) setTimeout(() => this.changed.fire(n), 0);
        return rows;
      }
      case 'topic': {
        const parts = await (await conn()).admin.partitions(n.topic.name);
        return parts.map((partition) => ({ kind: 'partition', cluster, topic: n.topic.name, partition }));
      }
      case 'groups': {
        const groups = await (await conn()).admin.groups();
        return groups.length ? groups.map((group) => ({ kind: 'group', cluster, group })) : [{ kind: 'noGroups', cluster }];
      }
      case 'group': {
        const lag = await (await conn()).admin.groupLag(n.group.groupId);
        const showTopic = new Set(lag.map((l) => l.topic)).size > 1;
        return lag.length
          ? lag.map((l) => ({ kind: 'groupLag', cluster, groupId: n.group.groupId, lag: l, showTopic }))
          : [{ kind: 'info', cluster, message: 'No committed offsets' }];
      }
      default:
        return [];
    }
  }

  /**
   * One tick of the Consumer Groups timer: re-reads the groups and their lag, and fires
   * onDidChangeTreeData only for rows whose text changed (the whole list only when groups came or went).
   * Nothing happens unless the node's children are cached, i.e. VS Code has drawn them.
   */
  async pollGroups(clusterId: string): Promise<void> {
    const key = `${clusterId}/groups`;
    const cached = this.cache.get(key);
    const groupsNode = this.cache.get(clusterId)?.find((n) => n.kind === 'groups');
    if (!cached || !groupsNode) return;
    let fresh: GroupSummary[];
    try {
      fresh = await (await this.services.connections.get(clusterId)).admin.groups();
    } catch (e) {
      // The next tick tries again; an expand or Refresh shows the error as a row.
      this.services.log.debug(`[${groupsNode.cluster.name}] consumer groups refresh: ${describeKafkaError(e, '').message}`);
      return;
    }
    // Refreshed or removed while the answer was on its way: that reload wins.
    if (this.cache.get(key) !== cached) return;
    const { listChanged, changed } = mergeGroups(cached, fresh);
    if (listChanged) {
      const byId = new Map(cached.flatMap((n) => (n.kind === 'group' ? [[n.group.groupId, n] as const] : [])));
      const cluster = groupsNode.cluster;
      this.cache.set(key, fresh.length
        ? fresh.map((g) => byId.get(g.groupId) ?? { kind: 'group', cluster, group: g })
        : [{ kind: 'noGroups', cluster }]);
    }
    const fire: ExplorerNode[] = [];
    for (const node of changed) {
      fire.push(node);
      // An expanded group's lag rows follow the same answer.
      const lagKey = nodeKey(node);
      const lagRows = this.cache.get(lagKey);
      if (!lagRows) continue;
      const rows = mergeLag(lagRows, node.group);
      if (rows) fire.push(...rows);
      else this.cache.delete(lagKey);
    }
    if (listChanged) fire.push(groupsNode);
    for (const n of fire) this.changed.fire(n);
  }

  /**
   * The Topics node's children, internal topics and the glob filter applied. Records the counts the
   * Topics row shows, and says whether they differ from what the row showed before.
   */
  private topicRows(cluster: ExplorerNode['cluster'], all: TopicSummary[]): { rows: ExplorerNode[]; countsChanged: boolean } {
    const visible = this.showInternal() ? all : all.filter((t) => !t.internal);
    const compiled = compileTopicFilter(this.topicFilter(cluster.id));
    const filter: TopicFilter | undefined = compiled && 'matches' in compiled ? compiled : undefined;
    const shown = filter ? visible.filter((t) => filter.matches(t.name)) : visible;
    const before = this.topicCounts.get(cluster.id);
    this.topicCounts.set(cluster.id, { shown: shown.length, total: visible.length });
    const countsChanged = before?.shown !== shown.length || before.total !== visible.length;
    const rows: ExplorerNode[] = shown.length
      ? shown.map((topic) => ({ kind: 'topic', cluster, topic }))
      : [{ kind: 'info', cluster, message: filter ? `No topic matches "${filter.text}"` : 'No topics' }];
    return { rows, countsChanged };
  }

  dispose(): void {
    this.changed.dispose();
  }
}
