// ConsumerGroupDescribe (API key 69, KIP-848): how Kafka 4 describes groups of the new `consumer`
// protocol, which DescribeGroups (and so kafkajs) reports as "Dead" with no members. Versions 0 and 1 are
// both flexible; v1 adds MemberType to each member (KIP-1099). Schema: Kafka's
// clients/src/main/resources/common/message/ConsumerGroupDescribe{Request,Response}.json.
import { WireReader, WireWriter } from './wire';

export const CONSUMER_GROUP_DESCRIBE = { apiKey: 69, apiName: 'ConsumerGroupDescribe', minVersion: 0, maxVersion: 1 } as const;

export interface CgdTopicPartitions { topicId: string; topicName: string; partitions: number[] }

export interface CgdMember {
  memberId: string;
  instanceId: string | null;
  rackId: string | null;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopicNames: string[];
  subscribedTopicRegex: string | null;
  assignment: CgdTopicPartitions[];
  targetAssignment: CgdTopicPartitions[];
  /** v1+: −1 unknown, 0 classic member, 1 consumer member; undefined on v0. */
  memberType?: number;
}

export interface CgdGroup {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: CgdMember[];
  authorizedOperations: number;
}

export interface CgdResponse { throttleTimeMs: number; groups: CgdGroup[] }

/** The request body (version 0 and 1 are the same): group ids and IncludeAuthorizedOperations. */
export function encodeConsumerGroupDescribe(groupIds: readonly string[], includeAuthorizedOperations = false): Buffer {
  return new WireWriter()
    .compactArray(groupIds, (w, id) => { w.compactString(id); })
    .bool(includeAuthorizedOperations)
    .noTags()
    .bytes();
}

function uuid(r: WireReader): string {
  const hi = r.int64();
  const lo = r.int64();
  const hex = (v: bigint): string => BigInt.asUintN(64, v).toString(16).padStart(16, '0');
  return hex(hi) + hex(lo);
}

function str(r: WireReader, what: string): string {
  const s = r.compactString();
  if (s === null) throw new Error(`malformed ConsumerGroupDescribe response: ${what} is null`);
  return s;
}

function assignment(r: WireReader): CgdTopicPartitions[] {
  const topics = r.compactArray((t) => {
    const topicId = uuid(t);
    const topicName = str(t, 'topic name');
    const partitions = t.compactArray((p) => p.int32());
    t.skipTags();
    return { topicId, topicName, partitions };
  });
  r.skipTags();
  return topics;
}

function member(r: WireReader, version: number): CgdMember {
  const m: CgdMember = {
    memberId: str(r, 'member id'),
    instanceId: r.compactString(),
    rackId: r.compactString(),
    memberEpoch: r.int32(),
    clientId: str(r, 'client id'),
    clientHost: str(r, 'client host'),
    subscribedTopicNames: r.compactArray((t) => str(t, 'subscribed topic')),
    subscribedTopicRegex: r.compactString(),
    assignment: assignment(r),
    targetAssignment: assignment(r),
  };
  if (version >= 1) m.memberType = r.int8();
  r.skipTags();
  return m;
}

export function decodeConsumerGroupDescribe(body: Buffer, version: number): CgdResponse {
  const r = new WireReader(body);
  const throttleTimeMs = r.int32();
  const groups = r.compactArray((g): CgdGroup => {
    const out: CgdGroup = {
      errorCode: g.int16(),
      errorMessage: g.compactString(),
      groupId: str(g, 'group id'),
      groupState: str(g, 'group state'),
      groupEpoch: g.int32(),
      assignmentEpoch: g.int32(),
      assignorName: str(g, 'assignor name'),
      members: g.compactArray((m) => member(m, version)),
      authorizedOperations: g.int32(),
    };
    g.skipTags();
    return out;
  });
  r.skipTags();
  return { throttleTimeMs, groups };
}
