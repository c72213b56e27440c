// Consumer-group model shared by the admin (src/kafka/admin), the tree, the reset flow and the webview: pure types.

/** Which group protocol a group speaks: the classic rebalance protocol, or KIP-848's `consumer` protocol (Kafka 4). */
export type GroupProtocol = 'classic' | 'consumer';

export interface PartitionLag {
  topic: string;
  partition: number;
  /** Committed offset, or undefined when the group has not committed for this partition. */
  committed?: string;
  end: string;
  /** end − committed, or end − earliest when nothing is committed. */
  lag: string;
}

export interface GroupMember {
  memberId: string; clientId: string; host: string; instanceId?: string;
  /** Partitions assigned to this member, by topic (sorted). */
  assignment: Array<{ topic: string; partitions: number[] }>;
}

export interface GroupDetail {
  groupId: string;
  /** Kafka's names: Stable, Empty, Dead, PreparingRebalance, CompletingRebalance, Assigning, Reconciling, … */
  state: string;
  protocol: GroupProtocol;
  /** The group's protocol type as listed ('consumer', 'connect', '' …). */
  protocolType: string;
  /** Assignor (classic: the protocol name, e.g. 'range'; consumer: the server assignor, e.g. 'uniform'). */
  assignor?: string;
  coordinator?: { nodeId: number; host: string; port: number };
  members: GroupMember[];
  /** Per partition the group has committed or is assigned: committed/end/lag (see PartitionLag). */
  partitions: PartitionLag[];
  /** Sum of lag; undefined when nothing is committed. */
  lag?: string;
  /** A plain note when something could not be described, e.g. the broker lacks ConsumerGroupDescribe. */
  note?: string;
}

export type ResetKind =
  | { kind: 'earliest' } | { kind: 'latest' }
  | { kind: 'timestamp'; ms: number }        // from ISO or "1 hour ago"
  | { kind: 'offset'; offset: string }       // int64 as string
  | { kind: 'shift'; by: string };           // signed int64 as string, e.g. '-5', '+10'

/** No topic: every topic the group committed. */
export interface ResetScope { groupId: string; topic?: string; partitions?: number[] }

export interface ResetRow {
  topic: string; partition: number;
  /** Committed offset now; undefined when none. */
  current?: string;
  target: string; end: string; lagBefore: string; lagAfter: string;
  /** Why the target is not what was asked (clamped to earliest/end as Kafka does), in words; else undefined. */
  note?: string;
}

export interface ResetPlan { scope: ResetScope; kind: ResetKind; rows: ResetRow[] }
