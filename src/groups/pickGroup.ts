// The consumer-group quick pick, for commands run from the palette (as src/clusters/pick.ts asks for a topic).
import * as vscode from 'vscode';
import { describeKafkaError } from '../kafka/client/errors';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { Services } from '../services';

/**
 * Asks for a consumer group of `cluster` (lag, state and members in each item), as pickTopic asks for a
 * topic. Undefined when cancelled or when the groups could not be listed (the reason is shown).
 */
export async function pickGroup(services: Services, cluster: ClusterConfig, title: string): Promise<{ groupId: string; state: string } | undefined> {
  const qp = vscode.window.createQuickPick<vscode.QuickPickItem & { group: { groupId: string; state: string } }>();
  qp.title = `${title}: consumer group on ${cluster.name}`;
  qp.placeholder = 'Loading consumer groups…';
  qp.busy = true;
  qp.ignoreFocusOut = true;
  qp.show();
  const result = new Promise<{ groupId: string; state: string } | undefined>((resolve) => {
    qp.onDidAccept(() => { resolve(qp.selectedItems[0]?.group); qp.hide(); });
    qp.onDidHide(() => { resolve(undefined); qp.dispose(); });
  });
  try {
    const groups = await (await services.connections.get(cluster.id)).admin.groups();
    qp.items = groups.map((g) => ({
      label: g.groupId,
      description: [g.lag !== undefined ? `lag ${g.lag}` : '', g.state, `${g.members} member${g.members === 1 ? '' : 's'}`].filter(Boolean).join(' · '),
      group: { groupId: g.groupId, state: g.state },
    }));
    qp.placeholder = groups.length ? 'Consumer group' : `No consumer groups on ${cluster.name}`;
  } catch (e) {
    qp.hide();
    void vscode.window.showErrorMessage(`Could not list the consumer groups of ${cluster.name}: ${describeKafkaError(e, cluster.bootstrapServers.join(', ')).message}`);
  } finally {
    qp.busy = false;
  }
  return result;
}
