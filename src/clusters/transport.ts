// How a cluster's Kafka connections reach its brokers: plain TCP/TLS (no transport object at all) or
// something that must be opened first and closed last, such as an SSH tunnel. The ConnectionManager owns
// every transport it asks for: it opens one with each shared client (and a throwaway one for each Test
// Connection) and closes it together with that client, so no other code ever closes a transport.
import type { ISocketFactory } from 'kafkajs';
import type { TunnelStatus } from '../kafka/ssh/sshTunnel';
import type { ClusterConfig } from '../kafka/rules/clusterConfig';

export interface ClusterTransport {
  /** Replaces kafkajs's TCP/TLS sockets for every connection of the client built on this transport. */
  readonly socketFactory: ISocketFactory;
  /** Resolves once the transport can carry Kafka connections (SSH: logged in, bootstrap reachable). */
  ready(): Promise<void>;
  /** Where it stands, for the status bar and the Tunnel Status command. */
  status(): TunnelStatus;
  /** Called on each status change until close(); returns an unsubscribe function. */
  onStatus(fn: () => void): () => void;
  /** Final: only the ConnectionManager that asked for this transport calls it. */
  close(): void;
}

/** Why a transport is wanted: the shared client of the cluster, or a Test Connection that closes it at once. */
export type TransportPurpose = 'shared' | 'test';

/** Makes the transport a cluster needs, or undefined when it connects directly. Must not connect yet. */
export type TransportFactory = (cluster: ClusterConfig, purpose: TransportPurpose) => ClusterTransport | undefined;
