// OffsetDelete (API key 47, KIP-496): removes a group's committed offsets for some partitions. kafkajs
// 2.2.4 lacks it. Version 0 only, not flexible. Schema: Kafka's OffsetDelete{Request,Response}.json.
import { WireReader, WireWriter } from './wire';

export const OFFSET_DELETE = { apiKey: 47, apiName: 'OffsetDelete', minVersion: 0, maxVersion: 0 } as const;

export interface OffsetDeleteResponse {
  errorCode: number;
  throttleTimeMs: number;
  topics: Array<{ name: string; partitions: Array<{ partition: number; errorCode: number }> }>;
}

export function encodeOffsetDelete(groupId: string, topics: ReadonlyArray<{ name: string; partitions: readonly number[] }>): Buffer {
  return new WireWriter()
    .string(groupId)
    .array(topics, (w, t) => { w.string(t.name).array(t.partitions, (pw, p) => { pw.int32(p); }); })
    .bytes();
}

export function decodeOffsetDelete(body: Buffer): OffsetDeleteResponse {
  const r = new WireReader(body);
  const errorCode = r.int16();
  const throttleTimeMs = r.int32();
  const topics = r.array((t) => ({
    name: t.string() ?? '',
    partitions: t.array((p) => ({ partition: p.int32(), errorCode: p.int16() })),
  }));
  return { errorCode, throttleTimeMs, topics };
}
