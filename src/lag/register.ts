// `Kafka: Watch Lag`: from a consumer group's row in the tree, the palette (cluster and group picks), or a
// request object { clusterId, groupId } (tests). One panel per cluster/group; opening it again focuses it.
import * as vscode from 'vscode';
import { pickCluster } from '../clusters/pick';
import { registerCommand } from '../commands/register';
import { isClusterRef, isTreeNode, Targets } from '../commands/targets';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { SAMPLE_SECONDS_SETTING, sampleSecondsFrom } from '../kafka/rules/lagHistory';
import { Services } from '../services';
import { reportSettingProblems } from '../settings/report';
import { LagPanel } from './panel';

/** What Watch Lag exposes on KafkaDevApi (extension-host tests use it). */
export interface LagFeature {
  open(cluster: ClusterConfig, groupId: string): LagPanel;
  find(clusterId: string, groupId: string): LagPanel | undefined;
  readonly panels: readonly LagPanel[];
}

/** What tests and other commands pass instead of a tree row. */
export interface WatchLagRequest { clusterId: string; groupId: string }

const panelKey = (clusterId: string, groupId: string): string => `${clusterId}\u0000${groupId}`;

function readSampleMs(): number {
  const r = sampleSecondsFrom(vscode.workspace.getConfiguration('kafkaDev.lag').get<unknown>('sampleSeconds'));
  reportSettingProblems(SAMPLE_SECONDS_SETTING, r.problem ? [r.problem] : []);
  return Math.round(r.value * 1000);
}

/** A group id picked from the cluster's groups (or typed, when it lists none); undefined when cancelled. */
async function pickGroup(services: Services, cluster: ClusterConfig): Promise<string | undefined> {
  const groups = await (await services.connections.get(cluster.id)).admin.groups();
  if (groups.length === 0) {
    void vscode.window.showInformationMessage(`Cluster ${cluster.name} has no consumer groups to watch.`);
    return undefined;
  }
  const p = await vscode.window.showQuickPick(groups.map((g) => ({
    label: g.groupId, description: `${g.lag !== undefined ? `lag ${g.lag} · ` : ''}${g.state} · ${g.members} member${g.members === 1 ? '' : 's'}`,
  })), { title: `Watch Lag: group on ${cluster.name}`, placeHolder: 'Consumer group', matchOnDescription: true });
  return p?.label;
}

export function registerLag(services: Services): LagFeature {
  const panels = new Map<string, LagPanel>();
  const targets = new Targets(services);
  const feature: LagFeature = {
    open(cluster, groupId) {
      const existing = panels.get(panelKey(cluster.id, groupId));
      if (existing) {
        existing.reveal();
        return existing;
      }
      const p = LagPanel.create(cluster, groupId, readSampleMs(), services, (gone) => {
        for (const [k, v] of panels) if (v === gone) panels.delete(k);
      });
      panels.set(panelKey(cluster.id, groupId), p);
      return p;
    },
    find: (clusterId, groupId) => panels.get(panelKey(clusterId, groupId)),
    get panels() { return [...panels.values()]; },
  };
  services.context.subscriptions.push({ dispose: () => { for (const p of feature.panels) p.dispose(); } });

  registerCommand(services, 'kafkaDev.watchLag', 'Watch Lag', async (arg?: unknown) => {
    if (isTreeNode(arg)) {
      // The group's own row (contextValue group or group.*), whatever shape its node has.
      const groupId = (arg as { group?: { groupId?: unknown } }).group?.groupId;
      if (typeof groupId !== 'string') throw new Error('Watch Lag works on a consumer group\'s row: pick one under Consumer Groups.');
      const cluster = await targets.cluster(arg, 'Watch Lag');
      return cluster && feature.open(cluster, groupId);
    }
    if (isClusterRef(arg)) {
      const groupId = (arg as Partial<WatchLagRequest>).groupId;
      if (typeof groupId !== 'string' || !groupId) throw new Error('Watch Lag needs { clusterId, groupId }: groupId is missing.');
      return feature.open(targets.clusterById(arg.clusterId), groupId);
    }
    const cluster = await pickCluster(services, 'Watch Lag: cluster');
    if (!cluster) return undefined;
    const groupId = await pickGroup(services, cluster);
    return groupId ? feature.open(cluster, groupId) : undefined;
  });
  return feature;
}
