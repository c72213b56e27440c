// The one owner of each cluster's connection lifetime: one kafkajs client (and one admin connection) per
// cluster, shared by the explorer, the producer and the consumers, built on the cluster's transport (direct,
// or an SSH tunnel it asks the transport factory for) and closed together with that transport when the
// cluster's settings change, on Refresh, on removal and at deactivation. Nothing else closes a transport.
import * as vscode from 'vscode';
import type { Kafka } from 'kafkajs';
import { ClusterAdmin } from '../kafka/admin/admin';
import { createKafkaClient } from '../kafka/client/client';
import { ClusterConfig, ClusterSecrets } from '../kafka/rules/clusterConfig';
import { ConnectionTestResult, testConnection } from '../kafka/client/connectionTest';
import { describeKafkaError } from '../kafka/client/errors';
import type { TunnelStatus } from '../kafka/ssh/sshTunnel';
import { ClusterStore } from './clusterStore';
import { readConnectionTimeoutMs } from '../settings/report';
import { sameConnectionSettings } from './connectionSettings';
import { ClusterTransport, TransportFactory } from './transport';
import type { ISocketFactory } from 'kafkajs';
import { createRegistryClient } from '../kafka/registry/restClient';
import type { RegistryClient } from '../kafka/registry/types';
import { checkRegistry, RegistryTestResult } from '../kafka/registry/registryTest';

export interface ClusterConnection {
  /** The cluster's settings (its name follows renames; anything else that changes resets the connection). */
  readonly cluster: ClusterConfig;
  readonly kafka: Kafka;
  readonly admin: ClusterAdmin;
  readonly timeoutMs: number;
  /** The cluster's Schema Registry, on the same transport (through SSH when the cluster is); closed with the client. */
  readonly registry?: RegistryClient;
}

/** Test Connection's result, with the registry's own line when the cluster has one. */
export type ClusterTestResult = ConnectionTestResult & { registry?: RegistryTestResult };

export interface ClusterTransportStatus extends TunnelStatus {
  clusterId: string;
  clusterName: string;
}

/** One cached connection: its promise, the settings it was opened with and the transport it owns. */
interface Entry {
  cluster: ClusterConfig;
  readonly promise: Promise<ClusterConnection>;
  transport?: ClusterTransport;
  closed: boolean;
}

export class ConnectionManager implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly closers: Array<(clusterId: string) => Promise<void>> = [];
  private transports: TransportFactory | undefined;
  private readonly transportChanged = new vscode.EventEmitter<void>();
  /** Fires when a shared transport opens, changes state or closes (status bar, Tunnel Status). */
  readonly onDidChangeTransport = this.transportChanged.event;

  constructor(private readonly store: ClusterStore, private readonly log: vscode.LogOutputChannel) {}

  /** The tunnel feature registers here; other features never see how sockets are made. */
  setTransportFactory(f: TransportFactory): void {
    this.transports = f;
  }

  /** Lets features (producer, consumers) close what they hold for a cluster before its client closes. */
  onClose(fn: (clusterId: string) => Promise<void>): void {
    this.closers.push(fn);
  }

  timeoutMs(): number {
    return readConnectionTimeoutMs();
  }

  get(clusterId: string): Promise<ClusterConnection> {
    const existing = this.entries.get(clusterId);
    if (existing) return existing.promise;
    const cluster = this.store.get(clusterId);
    if (!cluster) return Promise.reject(new Error(`No cluster with id ${clusterId}: it may have been removed.`));
    const entry = { cluster, closed: false } as Entry;
    (entry as { promise: Promise<ClusterConnection> }).promise = this.open(entry);
    this.entries.set(clusterId, entry);
    // Only this entry's own failure removes it: a newer entry that replaced it (after a reset) stays.
    entry.promise.catch(() => { if (this.entries.get(clusterId) === entry) this.entries.delete(clusterId); });
    return entry.promise;
  }

  private async open(entry: Entry): Promise<ClusterConnection> {
    const cluster = entry.cluster;
    const secrets = await this.store.secretsFor(cluster.id);
    const timeoutMs = this.timeoutMs();
    const transport = entry.closed ? undefined : this.transports?.(cluster, 'shared');
    if (transport) {
      entry.transport = transport;
      transport.onStatus(() => this.transportChanged.fire());
      this.transportChanged.fire();
    }
    try {
      await transport?.ready();
      if (entry.closed) throw new Error(`The connection to ${cluster.name} was reset while it opened.`);
    } catch (e) {
      this.closeTransport(entry);
      throw e;
    }
    const kafka = createKafkaClient(cluster, secrets, {
      connectionTimeoutMs: timeoutMs,
      socketFactory: transport?.socketFactory,
      log: (level, msg) => this.log[level](`[${entry.cluster.name}] ${msg}`),
    });
    const admin = new ClusterAdmin(kafka, timeoutMs, `${cluster.name} (${cluster.bootstrapServers.join(', ')})`);
    const registry = this.registryClient(cluster, secrets, timeoutMs, transport?.socketFactory, 'registry');
    return { get cluster() { return entry.cluster; }, kafka, admin, timeoutMs, registry };
  }

  /** The registry client of a cluster that has one, on the given transport's sockets (SSH channels when tunnelled). */
  private registryClient(cluster: ClusterConfig, secrets: ClusterSecrets, timeoutMs: number, socketFactory: ISocketFactory | undefined, what: string): RegistryClient | undefined {
    if (!cluster.schemaRegistry) return undefined;
    return createRegistryClient(cluster.schemaRegistry, { password: secrets.registryPassword, token: secrets.registryToken }, {
      timeoutMs, socketFactory, log: (m) => this.log.debug(`[${cluster.name}] ${what}: ${m}`),
    });
  }

  /**
   * Test Connection: a throwaway client on a throwaway transport (its own SSH tunnel), so it checks exactly
   * the settings given and never touches the shared client, its tunnel, consumers or producers. Both are
   * closed before it returns. Never throws; bounded by the timeout.
   */
  async test(cluster: ClusterConfig, secrets?: ClusterSecrets): Promise<ClusterTestResult> {
    const timeoutMs = this.timeoutMs();
    let transport: ClusterTransport | undefined;
    let registry: RegistryClient | undefined;
    try {
      transport = this.transports?.(cluster, 'test');
      await transport?.ready();
      const s = secrets ?? await this.store.secretsFor(cluster.id);
      registry = this.registryClient(cluster, s, timeoutMs, transport?.socketFactory, 'test connection (registry)');
      // The registry is checked alongside the brokers, on the same throwaway transport: its own line either way.
      const registryCheck = registry ? checkRegistry(registry) : undefined;
      const kafka = createKafkaClient(cluster, s, {
        connectionTimeoutMs: timeoutMs,
        clientId: 'kafka-dev-test',
        socketFactory: transport?.socketFactory,
        log: (level, msg) => this.log[level](`[${cluster.name}] test connection: ${msg}`),
      });
      const [r, reg] = await Promise.all([testConnection(kafka, cluster.bootstrapServers, timeoutMs), registryCheck]);
      return reg ? { ...r, registry: reg } : r;
    } catch (e) {
      const d = describeKafkaError(e, cluster.bootstrapServers.join(', '));
      return { ok: false, kind: d.kind, message: d.message };
    } finally {
      registry?.close();
      transport?.close();
    }
  }

  /** The shared transports that exist now (SSH tunnels), with the cluster each belongs to. */
  transportStatuses(): ClusterTransportStatus[] {
    return [...this.entries.entries()].flatMap(([clusterId, e]) =>
      e.transport ? [{ clusterId, clusterName: e.cluster.name, ...e.transport.status() }] : []);
  }

  /** Closes the cluster's client, then its transport; the next use reconnects with fresh settings. */
  async reset(clusterId: string): Promise<void> {
    const entry = this.entries.get(clusterId);
    if (entry) {
      this.entries.delete(clusterId);
      entry.closed = true;
    }
    await Promise.all(this.closers.map((fn) => fn(clusterId).catch(() => undefined)));
    if (!entry) return;
    await entry.promise.then((x) => { x.registry?.close(); return x.admin.close(); }, () => undefined);
    this.closeTransport(entry);
  }

  /**
   * After `kafkaDev.clusters` changed: resets only the clusters that were removed or whose connection
   * settings changed (a rename only updates the name). Returns the ids it reset.
   */
  async reconcile(): Promise<string[]> {
    const changed: string[] = [];
    for (const [id, e] of this.entries) {
      const now = this.store.get(id);
      if (now && sameConnectionSettings(e.cluster, now)) e.cluster = now;
      else changed.push(id);
    }
    await Promise.all(changed.map((id) => this.reset(id)));
    return changed;
  }

  async resetAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.reset(id)));
  }

  private closeTransport(entry: Entry): void {
    const t = entry.transport;
    if (!t) return;
    entry.transport = undefined;
    t.close();
    this.transportChanged.fire();
  }

  dispose(): void {
    void this.resetAll().finally(() => this.transportChanged.dispose());
  }
}
