// IncrementalAlterConfigs (API 44, KIP-339), which kafkajs 2.2.4 lacks: it changes only the configs named
// (SET one, DELETE one = back to the inherited value) instead of AlterConfigs' replace-everything, which
// would silently reset every other override of the topic. Versions 0–1 exist (Kafka 2.3 … 4.x); v1 is the
// flexible encoding (KIP-482). Pure: encoding and decoding only; sending is src/kafka/client/rawRequest.
import { WireReader, WireWriter } from './wire';

export const INCREMENTAL_ALTER_CONFIGS_KEY = 44;
export const INCREMENTAL_ALTER_CONFIGS_VERSIONS = { min: 0, max: 1 } as const;
/** Kafka's ConfigResource.Type.TOPIC. */
export const RESOURCE_TOPIC = 2;

export type AlterOp = 'set' | 'delete';
const OP_CODE: Record<AlterOp, number> = { set: 0, delete: 1 };

export interface AlterConfigEntry { name: string; op: AlterOp; value?: string }
export interface AlterConfigsResource { type: number; name: string; configs: AlterConfigEntry[] }

export interface AlterConfigsResult {
  resourceType: number;
  resourceName: string;
  errorCode: number;
  /** The broker's own words (e.g. which value a policy or validator refused); null when it gave none. */
  errorMessage: string | null;
}

export const isFlexibleVersion = (version: number): boolean => version >= 1;

export function encodeIncrementalAlterConfigs(version: number, resources: readonly AlterConfigsResource[], validateOnly: boolean): Buffer {
  const w = new WireWriter();
  const flex = isFlexibleVersion(version);
  const str = (s: string | null): void => { if (flex) w.compactString(s); else w.string(s); };
  const arr = <T>(items: readonly T[], each: (item: T) => void): void => {
    if (flex) w.compactArray(items, (_w, it) => each(it)); else w.array(items, (_w, it) => each(it));
  };
  arr(resources, (r) => {
    w.int8(r.type);
    str(r.name);
    arr(r.configs, (c) => {
      str(c.name);
      w.int8(OP_CODE[c.op]);
      str(c.op === 'delete' ? null : c.value ?? null);
      if (flex) w.noTags();
    });
    if (flex) w.noTags();
  });
  w.bool(validateOnly);
  if (flex) w.noTags();
  return w.bytes();
}

export function decodeIncrementalAlterConfigs(version: number, body: Buffer): { throttleMs: number; results: AlterConfigsResult[] } {
  const r = new WireReader(body);
  const flex = isFlexibleVersion(version);
  const throttleMs = r.int32();
  const each = (x: WireReader): AlterConfigsResult => {
    const errorCode = x.int16();
    const errorMessage = flex ? x.compactString() : x.string();
    const resourceType = x.int8();
    const resourceName = (flex ? x.compactString() : x.string()) ?? '';
    if (flex) x.skipTags();
    return { resourceType, resourceName, errorCode, errorMessage };
  };
  const results = flex ? r.compactArray(each) : r.array(each);
  if (flex) r.skipTags();
  return { throttleMs, results };
}

/** The names of the error codes this request can answer with (Kafka's Errors enum), for readable messages. */
export const ALTER_CONFIGS_ERRORS: Readonly<Record<number, string>> = {
  [-1]: 'UNKNOWN_SERVER_ERROR',
  3: 'UNKNOWN_TOPIC_OR_PARTITION',
  17: 'INVALID_TOPIC_EXCEPTION',
  29: 'TOPIC_AUTHORIZATION_FAILED',
  31: 'CLUSTER_AUTHORIZATION_FAILED',
  35: 'UNSUPPORTED_VERSION',
  40: 'INVALID_CONFIG',
  41: 'NOT_CONTROLLER',
  42: 'INVALID_REQUEST',
  44: 'POLICY_VIOLATION',
  89: 'THROTTLING_QUOTA_EXCEEDED',
};
