// What every case receives and returns.
import { Admin } from 'kafkajs';
import type { ProfileSummary } from '../profile';
import { Row } from '../rows';

export interface BenchContext {
  bootstrap: string;
  /** Kafka's jars (for the Java peers). */
  libs: string;
  /** A kafkajs admin on the bench broker, for setup only (never measured). */
  admin: Admin;
  /** Scratch folder for data files, removed at exit. */
  tmp: string;
  log(message: string): void;
}

/** How to run our side of a row once more under `node --cpu-prof` when its goal is missed. */
export interface ProfileJob {
  script: string;
  input: unknown;
  /** Command prefix (e.g. ip netns exec) for runs that must happen elsewhere. */
  wrap?: string[];
}

export interface CaseRow {
  row: Row;
  profile?: ProfileJob;
  /** Filled in by profileMissed() while what the job needs (broker, VM) is still running. */
  profiled?: ProfileSummary | string;
}
