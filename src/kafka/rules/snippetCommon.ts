// What the Copy as… renderers share (src/kafka/rules/snippets.ts is the entry point).
import type { ClusterConfig } from './clusterConfig';

/** One record to reproduce (producers) and to read back from its partition and offset (consumers). */
export interface SnippetRecord {
  partition: number;
  offset: string;
  /** Text; null when the record has no key. */
  key: string | null;
  /** Text; null for a tombstone. */
  value: string | null;
  headers: Array<{ key: string; value: string }>;
}

/** The environment variables the snippets read secrets from. */
export const SECRET_ENV = {
  saslPassword: 'KAFKA_PASSWORD',
  oauthClientSecret: 'KAFKA_CLIENT_SECRET',
} as const;

/** The course notebook's message. */
export const EXAMPLE_VALUE = { name: 'Theja' } as const;
/** EXAMPLE_VALUE as Python's json.dumps writes it (", " and ": "): also its Python dict literal, and the shell snippets' line. */
export const EXAMPLE_LINE = `{${Object.entries(EXAMPLE_VALUE).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;

/** What every renderer needs: the cluster, the topic, the addresses the client uses and the heading lines. */
export interface SnippetInput {
  cluster: ClusterConfig;
  topic: string;
  record?: SnippetRecord;
  /** The bootstrap servers the client writes: through an SSH tunnel, localhost at the forwarded ports. */
  bootstrap: string[];
  /** Comment lines (without the comment marker) that start the snippet: the tunnel, the secrets to set. */
  heading: string[];
}

export type SecurityProtocol = 'PLAINTEXT' | 'SSL' | 'SASL_PLAINTEXT' | 'SASL_SSL';

/** Kafka's security.protocol for a cluster (AWS MSK IAM is always over TLS). */
export function securityProtocol(c: ClusterConfig): SecurityProtocol {
  const sasl = !!(c.sasl || c.oauth || c.awsIam);
  const tls = !!c.tls?.enabled || !!c.awsIam;
  return sasl ? (tls ? 'SASL_SSL' : 'SASL_PLAINTEXT') : (tls ? 'SSL' : 'PLAINTEXT');
}

/** Kafka's name of the SASL mechanism, or undefined without SASL. */
export function saslMechanism(c: ClusterConfig): string | undefined {
  if (c.sasl) return c.sasl.mechanism.toUpperCase();
  if (c.oauth) return 'OAUTHBEARER';
  if (c.awsIam) return 'AWS_MSK_IAM';
  return undefined;
}

/** Comment lines with a marker ('#' or '//'). */
export function commentLines(marker: string, lines: string[]): string[] {
  return lines.map((l) => (l ? `${marker} ${l}` : marker));
}
