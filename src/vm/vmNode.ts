// The VM row under a cluster whose broker runs on its SSH host (`vm` settings): the broker's state, pid,
// uptime and the size of its data directory, read through SSH each time the cluster's rows load. Its
// contextValue (vm.running / vm.stopped / vm.unknown) drives the broker controls' menus in package.json.
import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import type { BrokerStatus } from '../kafka/vm/vmTypes';

export interface VmNode {
  kind: 'vm';
  cluster: ClusterConfig;
  /** Undefined when the VM could not be asked; `error` says why. */
  status?: BrokerStatus;
  error?: string;
}

/** 3 h 12 min, 4 min, 12 s */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s} s`;
  const d = Math.floor(s / 86_400);
  const h = Math.floor((s % 86_400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (d > 0) return `${d} d ${h} h`;
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** 1.2 GB, 34 MB, 512 kB */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = -1;
  do { v /= 1000; i++; } while (v >= 1000 && i < units.length - 1);
  return `${v >= 10 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** The row's texts: the state first (what one scans for), then pid, uptime and disk used. */
export function vmRowText(n: Pick<VmNode, 'status' | 'error' | 'cluster'>): { description: string; tooltip: string; state: 'running' | 'stopped' | 'unknown' } {
  const where = `${n.cluster.vm?.kafkaDir ?? '?'} on ${n.cluster.ssh?.alias ?? n.cluster.ssh?.host ?? 'the SSH host'}`;
  if (!n.status) {
    return { state: 'unknown', description: `state unknown: ${n.error ?? 'not asked yet'}`, tooltip: `Broker of Kafka in ${where}\nCould not ask the VM: ${n.error ?? 'not asked yet'}\nRefresh the cluster to ask again.` };
  }
  const s = n.status;
  const parts: string[] = [s.state === 'not-installed' ? 'Kafka not installed' : s.state];
  if (s.pid !== undefined) parts.push(`pid ${s.pid}`);
  if (s.uptimeSeconds !== undefined) parts.push(`up ${formatUptime(s.uptimeSeconds)}`);
  if (s.dataDirBytes !== undefined) parts.push(`data ${formatBytes(s.dataDirBytes)}`);
  const lines = [
    `Broker of Kafka${s.version ? ` ${s.version}` : ''} in ${where}`,
    `State: ${parts[0]}${s.manager ? ` (${s.manager === 'systemd-user' ? 'systemd user unit' : 'background process with a pid file'})` : ''}`,
    ...(s.pid !== undefined ? [`pid ${s.pid}`] : []),
    ...(s.uptimeSeconds !== undefined ? [`Up for ${formatUptime(s.uptimeSeconds)}`] : []),
    `Data directory ${n.cluster.vm?.dataDir ?? '~/kafka-data'}${s.dataDirBytes !== undefined ? `: ${formatBytes(s.dataDirBytes)}` : ''}`,
  ];
  return { state: s.state === 'running' ? 'running' : s.state === 'stopped' ? 'stopped' : 'unknown', description: parts.join(' · '), tooltip: lines.join('\n') };
}

export function vmTreeItem(n: VmNode): vscode.TreeItem {
  const t = vmRowText(n);
  const item = new vscode.TreeItem('VM', vscode.TreeItemCollapsibleState.None);
  item.id = `${n.cluster.id}/vm`;
  item.description = t.description;
  item.tooltip = t.tooltip;
  item.contextValue = `vm.${t.state}`;
  item.iconPath = t.state === 'running' ? new vscode.ThemeIcon('vm-running', new vscode.ThemeColor('testing.iconPassed'))
    : t.state === 'stopped' ? new vscode.ThemeIcon('debug-stop')
      : new vscode.ThemeIcon('vm-outline', new vscode.ThemeColor('list.warningForeground'));
  return item;
}
