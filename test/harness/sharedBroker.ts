// Most suites share one single-node broker started by test/run-all (its address arrives in
// KAFKA_DEV_TEST_BOOTSTRAP). Run alone (`node --test out/test/...`), a suite starts its own.
import { KafkaCluster, startKafka } from './kafka';

export interface BrokerHandle {
  bootstrap: string;
  /** SASL_PLAINTEXT listener with SCRAM-SHA-256 user `alice` / `alice-secret`. */
  saslBootstrap: string;
  release(): Promise<void>;
}

export const SCRAM_USER = { name: 'alice', password: 'alice-secret' } as const;

export async function useBroker(): Promise<BrokerHandle> {
  const bootstrap = process.env.KAFKA_DEV_TEST_BOOTSTRAP;
  const saslBootstrap = process.env.KAFKA_DEV_TEST_SASL_BOOTSTRAP;
  if (bootstrap && saslBootstrap) return { bootstrap, saslBootstrap, release: async () => undefined };
  const c: KafkaCluster = await startKafka({ nodes: 1, scramUsers: [{ ...SCRAM_USER }] });
  return { bootstrap: c.bootstrap, saslBootstrap: c.saslBootstrap ?? '', release: () => c.stop() };
}

/** A topic name no other test uses. */
export function uniqueTopic(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}
