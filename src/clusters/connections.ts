// One kafkajs client (and one admin connection) per cluster, shared by the explorer, the producer and
// the consumers, and closed when the cluster changes or the extension deactivates.
import * as vscode from 'vscode';
import type { ISocketFactory, Kafka } from 'kafkajs';
import { ClusterAdmin } from '../kafka/admin/admin';
import { createKafkaClient } from '../kafka/client/client';
import { ClusterConfig, ClusterSecrets } from '../kafka/rules/clusterConfig';
import { ConnectionTestResult, testConnection } from '../kafka/client/connectionTest';
import { describeKafkaError } from '../kafka/client/errors';
import { ClusterStore } from './clusterStore';
import { readConnectionTimeoutMs } from '../settings/report';

export interface ClusterConnection {
  readonly cluster: ClusterConfig;
  readonly kafka: Kafka;
  readonly admin: ClusterAdmin;
  readonly timeoutMs: number;
}

/** Supplies a socket factory for clusters that connect through something other than plain TCP. */
export type SocketFactoryProvider = (cluster: ClusterConfig) => Promise<ISocketFactory | undefined>;

export class ConnectionManager implements vscode.Disposable {
  private readonly connections = new Map<string, Promise<ClusterConnection>>();
  private readonly closers: Array<(clusterId: string) => Promise<void>> = [];
  private socketFactories: SocketFactoryProvider | undefined;

  constructor(private readonly store: ClusterStore, private readonly log: vscode.LogOutputChannel) {}

  /** The tunnel feature registers here; other features never see how sockets are made. */
  setSocketFactoryProvider(p: SocketFactoryProvider): void {
    this.socketFactories = p;
  }

  /** Lets features (producer, consumers) close what they hold for a cluster when it is reset. */
  onClose(fn: (clusterId: string) => Promise<void>): void {
    this.closers.push(fn);
  }

  timeoutMs(): number {
    return readConnectionTimeoutMs();
  }

  get(clusterId: string): Promise<ClusterConnection> {
    let c = this.connections.get(clusterId);
    if (!c) {
      c = this.open(clusterId);
      this.connections.set(clusterId, c);
      c.catch(() => this.connections.delete(clusterId));
    }
    return c;
  }

  private async open(clusterId: string): Promise<ClusterConnection> {
    const cluster = this.store.get(clusterId);
    if (!cluster) throw new Error(`No cluster with id ${clusterId}: it may have been removed.`);
    const secrets = await this.store.secretsFor(clusterId);
    const timeoutMs = this.timeoutMs();
    const socketFactory = await this.socketFactories?.(cluster);
    const kafka = createKafkaClient(cluster, secrets, {
      connectionTimeoutMs: timeoutMs,
      socketFactory,
      log: (level, msg) => this.log[level](`[${cluster.name}] ${msg}`),
    });
    const admin = new ClusterAdmin(kafka, timeoutMs, `${cluster.name} (${cluster.bootstrapServers.join(', ')})`);
    return { cluster, kafka, admin, timeoutMs };
  }

  /**
   * Test Connection: a fresh client (not the cached one), so it checks exactly the settings given, through
   * the same socket factory (SSH tunnel) the cluster would use. Never throws; bounded by the timeout.
   */
  async test(cluster: ClusterConfig, secrets?: ClusterSecrets): Promise<ConnectionTestResult> {
    const timeoutMs = this.timeoutMs();
    try {
      const socketFactory = await this.socketFactories?.(cluster);
      const kafka = createKafkaClient(cluster, secrets ?? await this.store.secretsFor(cluster.id), {
        connectionTimeoutMs: timeoutMs,
        clientId: 'kafka-dev-test',
        socketFactory,
        log: (level, msg) => this.log[level](`[${cluster.name}] test connection: ${msg}`),
      });
      return await testConnection(kafka, cluster.bootstrapServers, timeoutMs);
    } catch (e) {
      const d = describeKafkaError(e, cluster.bootstrapServers.join(', '));
      return { ok: false, kind: d.kind, message: d.message };
    }
  }

  /** Drops the cached client so the next use reconnects with fresh settings. */
  async reset(clusterId: string): Promise<void> {
    const c = this.connections.get(clusterId);
    this.connections.delete(clusterId);
    await Promise.all(this.closers.map((fn) => fn(clusterId).catch(() => undefined)));
    if (c) await c.then((x) => x.admin.close(), () => undefined);
  }

  async resetAll(): Promise<void> {
    await Promise.all([...this.connections.keys()].map((id) => this.reset(id)));
  }

  dispose(): void {
    void this.resetAll();
  }
}
