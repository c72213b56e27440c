// Data provider for the `kafkaDev.explorer` tree: clusters → Brokers / Topics / Consumer Groups.
// Children load lazily on expand (a cluster's brokers and topic names come with the cluster itself, for
// the counts on its rows) and are cached until a refresh of that node, its cluster, or a command that
// changes the cluster. Errors are never cached: they show as a node that retries on click.
import * as vscode from 'vscode';
import { describe } from '../kafka/rules/settings';
import { reportSettingProblems } from '../settings/report';
import type { TopicSummary } from '../kafka/admin/admin';
import type { GroupSummary } from '../kafka/admin/groups';
import { describeKafkaError } from '../kafka/client/errors';
import { Services } from '../services';
import { compileTopicFilter, TopicFilter } from './glob';
import { groupChildren, mergeGroups, mergeGroupTopics, mergeLagRows } from './groupMerge';
import { groupRow } from './labels';
import type { GroupsPoller } from './groupsRefresh';
import { ExplorerNode, nodeKey } from './nodes';
import { treeItem } from './treeItems';
import { loadSchemaChildren } from '../schemas/schemaNodes';
import type { VmNode } from '../vm/vmNode';

const FILTERS_KEY = 'kafkaDev.topicFilters';

/** Context key: some configured cluster has a topic filter (Clear Topic Filter shows in the palette). */
export const FILTER_SET_KEY = 'kafkaDev.topicFilterSet';

/** The VM row of a cluster with `vm` settings (src/vm/brokerCommands.ts row: never rejects). */
export type VmRow = (cluster: ExplorerNode['cluster']) => Promise<VmNode>;

export class ExplorerProvider implements vscode.TreeDataProvider<ExplorerNode>, GroupsPoller, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly cache = new Map<string, ExplorerNode[]>();
  /** How many topics the last load of each cluster's Topics node showed, and out of how many. */
  private readonly topicCounts = new Map<string, { shown: number; total: number }>();

  /** A VM cluster's VM row, shown above the cluster's own rows (src/vm supplies it, see showVmRows). */
  private vmRow: VmRow | undefined;
  /** Set by registerExplorer, which owns the tree view: shows a cluster's row selected and expanded. */
  revealCluster: (clusterId: string) => Promise<void> = async () => undefined;

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

  /** Clusters with `vm` settings get a VM row first (broker state through SSH), shown even when Kafka does not answer. */
  showVmRows(row: VmRow): void { this.vmRow = row; }

  /** Only what reveal needs: clusters are at the root, everything else is found from them. */
  getParent(n: ExplorerNode): ExplorerNode | undefined {
    return n.kind === 'cluster' ? undefined : { kind: 'cluster', cluster: n.cluster };
  }

  /** Forgets the cached children of `key` and of everything below it (no redraw). */
  private dropCache(key: string): void {
    for (const k of [...this.cache.keys()]) if (k === key || k.startsWith(`${key}/`)) this.cache.delete(k);
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
    const raw = vscode.workspace.getConfiguration('kafkaDev').get<unknown>('showInternalTopics', false);
    reportSettingProblems('kafkaDev.showInternalTopics', typeof raw === 'boolean' ? [] : [{
      setting: 'kafkaDev.showInternalTopics',
      message: `kafkaDev.showInternalTopics must be true or false (without quotes), got ${describe(raw)}. Hiding internal topics until it is fixed.`,
    }]);
    return raw === true;
  }

  getTreeItem(n: ExplorerNode): vscode.TreeItem {
    return treeItem(n, {
      topicFilter: (id) => this.topicFilter(id),
      topicCounts: (id) => this.topicCounts.get(id),
      consuming: (id, topic) => this.consuming(id, topic),
    });
  }

  /**
   * A group row's tooltip names its coordinator and members, which only a describe knows: looked up when
   * the row is hovered (VS Code asks only for a tooltip left undefined), unless it was expanded already.
   */
  async resolveTreeItem(item: vscode.TreeItem, n: ExplorerNode): Promise<vscode.TreeItem> {
    if (n.kind !== 'group' || item.tooltip !== undefined) return item;
    try {
      n.detail = await (await this.services.connections.get(n.cluster.id)).admin.describeGroup(n.group.groupId);
    } catch (e) {
      this.services.log.debug(`[${n.cluster.name}] describe group ${n.group.groupId} for its tooltip: ${describeKafkaError(e, '').message}`);
    }
    item.tooltip = new vscode.MarkdownString(groupRow(n.group, n.detail).tooltip);
    return item;
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
      // Not cached: the next expand or a click on the node tries again.
      return [this.errorRow(n, e)];
    }
    // A row list holding an error (a VM cluster whose broker does not answer) is asked for again next time.
    if (!children.some((c) => c.kind === 'error')) this.cache.set(key, children);
    return children;
  }

  /** The row that stands for a failed load of `n`'s children (logged); clicking it loads them again. */
  private errorRow(n: ExplorerNode, e: unknown): ExplorerNode {
    const d = describeKafkaError(e, n.cluster.bootstrapServers.join(', '));
    this.services.log.warn(`[${n.cluster.name}] ${n.kind}: ${d.message}`);
    return { kind: 'error', cluster: n.cluster, message: d.message, retry: n };
  }

  private async load(n: ExplorerNode): Promise<ExplorerNode[]> {
    const { cluster } = n;
    const conn = (): ReturnType<Services['connections']['get']> => this.services.connections.get(cluster.id);
    switch (n.kind) {
      case 'cluster': {
        if (!cluster.vm || !this.vmRow) return this.clusterRows(cluster);
        // The VM row (asked through SSH alongside Kafka) first; when Kafka does not answer (a stopped
        // broker) it stays, to start the broker from there, above the error.
        const vm = this.vmRow(cluster);
        const rows = await this.clusterRows(cluster).catch((e: unknown) => [this.errorRow(n, e)]);
        return [await vm, ...rows];
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
        // Described (members, coordinator, both protocols) on expand; the summary row only lists.
        n.detail = await (await conn()).admin.describeGroup(n.group.groupId);
        return groupChildren(cluster, n.detail);
      }
      case 'groupMembers':
        return n.members.map((member) => ({ kind: 'groupMember', cluster, groupId: n.groupId, member }));
      case 'groupTopic':
        return n.partitions.map((lag) => ({ kind: 'groupLag', cluster, groupId: n.groupId, lag, showTopic: false }));
      case 'schemas':
      case 'subject':
        return (await loadSchemaChildren(n, async () => {
          const { registry } = await conn();
          if (!registry) throw new Error(`Cluster "${cluster.name}" has no Schema Registry any more: refresh the Kafka view.`);
          return registry;
        })) ?? [];
      default:
        return [];
    }
  }

  /** A cluster's own rows: Brokers, Topics, Consumer Groups (and Schemas); connecting here is bounded. */
  private async clusterRows(cluster: ExplorerNode['cluster']): Promise<ExplorerNode[]> {
    // Connecting here (bounded) is what turns an unreachable cluster into one error node right away.
    const { admin } = await this.services.connections.get(cluster.id);
    // The topic names are fetched alongside, so the Topics row shows its count when it first appears,
    // as Brokers does; counting them on expand and redrawing left the row without a count for a second
    // or two. That is a second all-topics Metadata request: kafkajs's describeCluster asks for every
    // topic too but keeps only the brokers, and its public API has no call that returns both. A
    // failure here only costs the count: expanding Topics asks again and shows the error there.
    const [o, topics] = await Promise.all([admin.overview(), admin.topics().catch(() => undefined)]);
    // Cache both answers so expanding Brokers or Topics costs no further request.
    this.cache.set(`${cluster.id}/brokers`, o.brokers.map((broker) => ({ kind: 'broker', cluster, broker })));
    if (topics) this.cache.set(`${cluster.id}/topics`, this.topicRows(cluster, topics).rows);
    return [
      { kind: 'brokers', cluster, count: o.brokers.length }, { kind: 'topics', cluster }, { kind: 'groups', cluster },
      ...(cluster.schemaRegistry ? [{ kind: 'schemas' as const, cluster }] : []),
    ];
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
      // An expanded group's topics and their partition rows follow the same answer.
      const key = nodeKey(node);
      const children = this.cache.get(key);
      if (!children) {
        // Hovered once, not expanded: a description that no longer matches goes (the next hover asks again).
        if (node.detail && (node.detail.state !== node.group.state || node.detail.members.length !== node.group.members)) node.detail = undefined;
        continue;
      }
      const topics = mergeGroupTopics(children, node.group, node.detail);
      if (!topics) {
        // Members, state or topics changed: VS Code asks for the children again (described afresh).
        node.detail = undefined;
        this.dropCache(key);
        continue;
      }
      for (const t of topics) {
        fire.push(t);
        const rows = this.cache.get(nodeKey(t));
        if (!rows) continue;
        const changedRows = mergeLagRows(rows, t.partitions);
        if (changedRows) fire.push(...changedRows);
        else this.cache.delete(nodeKey(t));
      }
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
