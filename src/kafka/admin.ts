// Read-only cluster queries used by the explorer, with every call bounded in time.
import { Admin, Kafka } from 'kafkajs';
import { withTimeout } from './errors';

export interface BrokerInfo {
  nodeId: number;
  host: string;
  port: number;
  isController: boolean;
}

export interface ClusterOverview {
  clusterId: string;
  controller: number | null;
  brokers: BrokerInfo[];
}

export interface TopicSummary {
  name: string;
  partitions: number;
  internal: boolean;
}

/** One admin connection per cluster, connected on first use and reused. */
export class ClusterAdmin {
  private admin: Admin | undefined;
  private connecting: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka, private readonly timeoutMs: number, private readonly describeTarget: string) {}

  /** The connected kafkajs admin client (connects once, bounded by the timeout). */
  async client(): Promise<Admin> {
    if (this.admin) return this.admin;
    if (!this.connecting) {
      const a = this.kafka.admin();
      this.connecting = withTimeout(a.connect(), this.timeoutMs, `could not connect to ${this.describeTarget} within ${this.timeoutMs} ms`)
        .then(() => { this.admin = a; return a; })
        .catch(async (e: unknown) => {
          this.connecting = undefined;
          await a.disconnect().catch(() => undefined);
          throw e;
        });
    }
    return this.connecting;
  }

  /** Runs `fn` on the admin client, bounded by the timeout. */
  async run<T>(what: string, fn: (a: Admin) => Promise<T>): Promise<T> {
    const a = await this.client();
    return withTimeout(fn(a), this.timeoutMs, `${what} on ${this.describeTarget} got no answer within ${this.timeoutMs} ms`);
  }

  overview(): Promise<ClusterOverview> {
    return this.run('describe cluster', async (a) => {
      const d = await a.describeCluster();
      return {
        clusterId: d.clusterId,
        controller: d.controller,
        brokers: d.brokers
          .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, isController: b.nodeId === d.controller }))
          .sort((x, y) => x.nodeId - y.nodeId),
      };
    });
  }

  /** All topics with their partition counts: one metadata request, whatever the number of topics. */
  topics(): Promise<TopicSummary[]> {
    return this.run('list topics', async (a) => {
      // fetchTopicMetadata() without topics asks for all of them in a single Metadata request.
      const md = await a.fetchTopicMetadata();
      return md.topics
        .map((t) => ({ name: t.name, partitions: t.partitions.length, internal: t.name.startsWith('__') }))
        .sort((x, y) => x.name.localeCompare(y.name));
    });
  }

  async close(): Promise<void> {
    const a = this.admin;
    this.admin = undefined;
    this.connecting = undefined;
    await a?.disconnect().catch(() => undefined);
  }
}
