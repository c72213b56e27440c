// The producer panel's topic list (for the picker and the partition check) and Create Topic on request,
// on the cluster's shared connection. Failures become sentences for the panel, never exceptions.
import { describeKafkaError } from '../kafka/client/errors';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { Services } from '../services';
import { PanelError, TopicInfo, ToWebview } from './protocol';

export interface PanelTopicsHost {
  post(m: ToWebview): void;
  fail(e: PanelError): void;
  /** A create succeeded: the panel's last error no longer applies. */
  created(): void;
}

export class PanelTopics {
  list: TopicInfo[] | null = null;
  error: string | undefined;

  constructor(private readonly services: Services, private readonly cluster: ClusterConfig, private readonly host: PanelTopicsHost) {}

  partitionCount(topic: string): number | undefined {
    return this.list?.find((t) => t.name === topic.trim())?.partitions;
  }

  async load(): Promise<void> {
    try {
      const conn = await this.services.connections.get(this.cluster.id);
      const all = await conn.admin.topics();
      this.list = all.filter((t) => !t.internal).map((t) => ({ name: t.name, partitions: t.partitions }));
      this.error = undefined;
    } catch (e) {
      this.list = null;
      this.error = `Could not list topics: ${describeKafkaError(e, this.cluster.bootstrapServers.join(', ')).message}`;
    }
    this.host.post({ type: 'topics', topics: this.list, error: this.error });
  }

  async create(topic: string, partitions: number): Promise<void> {
    try {
      const conn = await this.services.connections.get(this.cluster.id);
      // The same path as Create Topic: it waits until the new partitions answer, so the send that
      // follows does not meet a broker that has not heard of the topic yet.
      await conn.admin.createTopic({ name: topic, partitions });
      this.host.created();
      this.host.post({ type: 'info', message: `Created topic "${topic}" with ${partitions} partition${partitions === 1 ? '' : 's'}.` });
      this.services.log.info(`producer panel: created topic ${topic} (${partitions} partitions) on ${this.cluster.name} at the user's request`);
    } catch (e) {
      this.host.fail({ message: `Could not create topic "${topic}": ${describeKafkaError(e, this.cluster.bootstrapServers.join(', ')).message}`, field: 'topic' });
    }
    await this.load();
  }
}
