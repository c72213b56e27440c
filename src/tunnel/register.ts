// Wires the SSH tunnel into the extension: the transport factory the ConnectionManager opens (and
// closes) tunnels with, a status-bar item while any tunnel exists, and the "Kafka: SSH Tunnel Status" command.
import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { Services } from '../services';
import { TunnelManager } from './tunnelManager';

export function registerTunnel(services: Services): TunnelManager {
  const manager = new TunnelManager(services);
  services.connections.setTransportFactory((cluster, purpose) => manager.transportFor(cluster, purpose));

  const item = vscode.window.createStatusBarItem('kafkaDev.tunnel', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Kafka SSH Tunnel';
  item.command = 'kafkaDev.tunnelStatus';
  const icon = { connected: '$(plug)', connecting: '$(sync~spin)', idle: '$(debug-disconnect)', failed: '$(error)', closed: '$(debug-disconnect)' } as const;
  const update = (): void => {
    const all = manager.statuses();
    if (all.length === 0) { item.hide(); return; }
    const worst = all.find((s) => s.state === 'failed') ?? all.find((s) => s.state !== 'connected') ?? all[0];
    item.text = `${icon[worst.state]} SSH ${all.length === 1 ? worst.label : `${all.length} tunnels`}`;
    item.tooltip = all.map((s) => `${s.clusterName}: ${s.state} via ${s.label}${s.lastError && s.state !== 'connected' ? ` — ${s.lastError}` : ''}`).join('\n');
    item.show();
  };

  services.context.subscriptions.push(
    item,
    manager.onDidChange(update),
  );
  registerCommand(services, 'kafkaDev.tunnelStatus', 'SSH Tunnel Status', async () => {
    const all = manager.statuses();
    if (all.length === 0) {
      await vscode.window.showInformationMessage('No SSH tunnel is open. A cluster with SSH settings opens one when it connects.');
      return;
    }
    const lines = all.map((s) =>
      `${s.clusterName}: ${s.state} via ${s.label}; ${s.openChannels} broker connection(s); ${s.connects} SSH login(s)` +
      `${s.lastError ? `; last problem: ${s.lastError}` : ''}`);
    await vscode.window.showInformationMessage(lines.join('\n'), { modal: false });
  });
  return manager;
}
