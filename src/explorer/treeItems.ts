// How each explorer node is drawn: label, description, icon, tooltip and the contextValue the menus in
// package.json key on. The texts of the data rows come from ./labels (pure, unit-tested); the provider
// supplies what only it knows (filters, counts, which topics are being consumed).
import * as vscode from 'vscode';
import { securityWarning } from '../kafka/rules/settings';
import { brokerRow, groupContext, groupRow, groupTopicRow, lagRow, memberRow, membersRow, NO_GROUPS_ROW, partitionRow, RowText, topicRow } from './labels';
import { ExplorerNode, nodeKey } from './nodes';
import { schemaTreeItem } from '../schemas/schemaNodes';
import { vmTreeItem } from '../vm/vmNode';

export interface RowState {
  topicFilter(clusterId: string): string;
  topicCounts(clusterId: string): { shown: number; total: number } | undefined;
  consuming(clusterId: string, topic: string): boolean;
}

export function treeItem(n: ExplorerNode, state: RowState): vscode.TreeItem {
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
      const warning = securityWarning(n.cluster);
      item.tooltip = `${n.cluster.name}\n${n.cluster.bootstrapServers.join('\n')}${extras.length ? `\n${extras.join(', ')}` : ''}${warning ? `\n\n⚠ ${warning}` : ''}`;
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
      const filter = state.topicFilter(id);
      const counts = state.topicCounts(id);
      item.description = filter
        ? `filter: ${filter}${counts ? ` · ${counts.shown} of ${counts.total}` : ''}`
        : counts ? String(counts.shown) : undefined;
      item.iconPath = new vscode.ThemeIcon(filter ? 'filter' : 'list-unordered');
      item.contextValue = filter ? 'topics.filtered' : 'topics';
      return item;
    }
    case 'topic': {
      const consuming = state.consuming(id, n.topic.name);
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
    case 'group': {
      const item = fromRow(groupRow(n.group, n.detail), C.Collapsed, `${id}/group/${n.group.groupId}`, 'organization', groupContext(n.group));
      // Not described yet: the provider's resolveTreeItem looks the coordinator up when the row is hovered.
      if (!n.detail) item.tooltip = undefined;
      return item;
    }
    case 'groupMembers':
      return fromRow(membersRow(n.members), n.members.length ? C.Collapsed : C.None, `${id}/group/${n.groupId}//members`, 'person', 'groupMembers');
    case 'groupMember':
      return fromRow(memberRow(n.member), C.None, `${id}/group/${n.groupId}//member/${n.member.memberId}`, 'account', 'groupMember');
    case 'groupTopic':
      return fromRow(groupTopicRow(n.topic, n.partitions), C.Collapsed, `${id}/group/${n.groupId}//topic/${n.topic}`, 'symbol-event', 'groupTopic');
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
    case 'schemas':
    case 'subject':
    case 'schemaVersion':
      return schemaTreeItem(n);
    case 'vm':
      return vmTreeItem(n);
    case 'info':
      return Object.assign(new vscode.TreeItem(n.message, C.None), { iconPath: new vscode.ThemeIcon('info'), contextValue: 'info' });
  }
}
