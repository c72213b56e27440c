// One ClusterProducer per cluster, shared by every producer panel of that cluster, built on the
// cluster's shared connection and closed whenever that connection is reset.
import * as vscode from 'vscode';
import { cachedPromise } from '../kafka/client/promiseCache';
import { ClusterProducer } from '../kafka/produce/producer';
import { Services } from '../services';

export class ProducerPool implements vscode.Disposable {
  private readonly producers = new Map<string, Promise<ClusterProducer>>();

  constructor(private readonly services: Services) {
    services.connections.onClose((clusterId) => this.close(clusterId));
  }

  get(clusterId: string): Promise<ClusterProducer> {
    return cachedPromise(this.producers, clusterId, () => this.services.connections.get(clusterId).then((c) => new ClusterProducer(
      c.kafka, c.admin, c.timeoutMs, `${c.cluster.name} (${c.cluster.bootstrapServers.join(', ')})`,
      (m) => this.services.log.warn(m))));
  }

  /** Whether a producer is currently held for the cluster (for tests and diagnostics). */
  has(clusterId: string): boolean {
    return this.producers.has(clusterId);
  }

  async close(clusterId: string): Promise<void> {
    const p = this.producers.get(clusterId);
    this.producers.delete(clusterId);
    await p?.then((x) => x.close(), () => undefined);
  }

  dispose(): void {
    for (const id of [...this.producers.keys()]) void this.close(id);
  }
}
