// A streaming read of one topic as a member of a consumer group: the one path in Kafka Dev that writes to
// the cluster, and only when a person asks for it ("as consumer group …"). kafkajs's Consumer joins the
// group (JoinGroup/SyncGroup/Heartbeat), the group decides which partitions this member reads and where it
// resumes (its committed offsets; beginning or latest where it has none), and every batch handed to the
// listener is committed right after it was delivered: the committed offsets are exactly what was shown.
// Stop leaves the group (LeaveGroup), so the group is Empty at once and another member takes over with no
// wait for a session timeout.
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { ConsumeOptions } from '../rules/consumerOptions';
import { describeKafkaError, errorText, UNKNOWN_TOPIC, withTimeout } from '../client/errors';
import { ConsumedRecord, count } from '../rules/recordFormat';
import { compressionOf, timestampTypeOf } from './batchCodec';
import type { RawRecord } from '../client/rawCluster';
import { ConsumerStartError, EndReason, SessionListener, SessionSettings } from './consumerSession';

/** What the pipeline and the consumer manager need of a running session, with or without a group. */
export interface ConsumeSession {
  readonly options: ConsumeOptions;
  readonly consumed: number;
  readonly ended: Promise<EndReason>;
  positions(): Record<number, string>;
  stop(): Promise<EndReason>;
}

/** How long Stop waits for kafkajs to finish the batch in hand, commit and leave the group. */
const LEAVE_MS = 10_000;

export class GroupSession implements ConsumeSession {
  private readonly next = new Map<number, bigint>();
  private delivered = 0;
  private stopping = false;
  private stopped: Promise<void> | undefined;
  private endReason: EndReason | undefined;
  private endResolve!: (r: EndReason) => void;
  readonly ended: Promise<EndReason> = new Promise((r) => { this.endResolve = r; });

  private constructor(
    private readonly consumer: Consumer,
    readonly options: ConsumeOptions & { group: string },
    private readonly settings: SessionSettings,
    private readonly listener: SessionListener,
  ) {}

  get consumed(): number { return this.delivered; }

  positions(): Record<number, string> {
    return Object.fromEntries([...this.next].sort(([a], [b]) => a - b).map(([p, o]) => [p, o.toString()]));
  }

  /**
   * Checks the topic, joins the group's consumer and starts it. Rejects with a ConsumerStartError saying
   * what is wrong; then the member has left and no connection is left open.
   */
  static async start(kafka: Kafka, options: ConsumeOptions & { group: string }, settings: SessionSettings, listener: SessionListener): Promise<GroupSession> {
    const { topic, group } = options;
    const consumer = kafka.consumer({
      groupId: group,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: settings.maxWaitMs ?? 500,
      // A failure is reported and the member restarts a few times; after that the session ends with the reason.
      retry: { retries: 5 },
    });
    const s = new GroupSession(consumer, options, settings, listener);
    const timeoutMessage = `could not reach ${settings.target} and join group "${group}" for topic "${topic}" within ${settings.timeoutMs} ms`;
    try {
      await withTimeout(s.prepare(kafka), settings.timeoutMs, timeoutMessage);
    } catch (e) {
      s.stopping = true;
      void withTimeout(consumer.disconnect(), LEAVE_MS, 'disconnect').catch(() => undefined);
      if (e instanceof ConsumerStartError) throw e;
      if ((e as Error).message === timeoutMessage) {
        throw new ConsumerStartError(`Could not start consuming "${topic}": ${timeoutMessage}. Check the address, firewalls, and whether you need the SSH tunnel.`);
      }
      const d = describeKafkaError(e, settings.target);
      throw new ConsumerStartError(`Could not start consuming "${topic}" as group "${group}": ${d.kind === 'unknown' ? (e as Error).message : d.message}`);
    }
    return s;
  }

  private async prepare(kafka: Kafka): Promise<void> {
    const { topic, group, start, maxRecords } = this.options;
    // kafkajs's subscribe() of an unknown topic retries for a long time; ask first, and say so plainly.
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.fetchTopicMetadata({ topics: [topic] }).catch((e: unknown) => {
        if (UNKNOWN_TOPIC.test(errorText(e))) throw new ConsumerStartError(`Topic "${topic}" does not exist on ${this.settings.target}.`);
        throw e;
      });
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    const { GROUP_JOIN, CRASH } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, (e) => {
      const assigned = e.payload.memberAssignment[topic] ?? [];
      this.listener.onStatus(`Joined group "${group}" (member ${e.payload.memberId}): ${assigned.length ? `partitions ${[...assigned].sort((a, b) => a - b).join(', ')}` : 'no partitions assigned (other members hold them all)'}.`);
    });
    this.consumer.on(CRASH, (e) => {
      const why = describeKafkaError(e.payload.error, this.settings.target).message;
      if (e.payload.restart && !this.stopping) this.listener.onStatus(`Group member failed (${why}); rejoining group "${group}".`);
      else if (!this.stopping) this.finish({ kind: 'error', message: `Consumer stopped: ${why}` });
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [topic], fromBeginning: start.kind === 'beginning' });
    this.listener.onStatus(`Consuming "${topic}" as group "${group}" on ${this.settings.target}: from the group's committed offsets, ` +
      `${start.kind === 'beginning' ? 'from the beginning' : 'from the latest offset'} where it has none` +
      `${maxRecords ? `, stopping after ${count(maxRecords)} records` : ''}; what is shown is committed to the group.`);
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch: (b) => this.batch(b) });
  }

  private async batch(b: EachBatchPayload): Promise<void> {
    const { batch } = b;
    if (this.stopping || !b.isRunning() || b.isStale()) return;
    const limit = this.options.maxRecords;
    const room = limit === undefined ? Infinity : limit - this.delivered;
    const records: ConsumedRecord[] = [];
    let last: string | undefined;
    for (const m of batch.messages as unknown as RawRecord[]) {
      if (records.length >= room) break;
      last = m.offset;
      if (m.isControlRecord) continue; // transaction markers occupy offsets but are not records
      records.push({
        partition: batch.partition, offset: m.offset, timestamp: m.timestamp, key: m.key ?? null, value: m.value ?? null,
        headers: m.headers ?? {}, timestampType: timestampTypeOf(m), compression: compressionOf(m),
      });
    }
    if (last === undefined) return;
    if (records.length) await this.listener.onRecords(records);
    this.delivered += records.length;
    const next = BigInt(last) + 1n;
    this.next.set(batch.partition, next);
    b.resolveOffset(last);
    // Committed as soon as it was handed over: a restart (or another member) resumes after what was shown.
    await b.commitOffsetsIfNecessary({ topics: [{ topic: batch.topic, partitions: [{ partition: batch.partition, offset: next.toString() }] }] });
    await b.heartbeat();
    if (limit !== undefined && this.delivered >= limit) this.finish({ kind: 'limit', count: this.delivered });
  }

  /** Ends the session (the first reason wins). Called from inside a batch too, so the leave runs after it. */
  private finish(r: EndReason): void {
    this.endReason ??= r;
    setImmediate(() => { void this.stop(); });
  }

  /** Stops reading, leaves the group (commits were made batch by batch) and closes the member's connections. */
  stop(): Promise<EndReason> {
    this.stopping = true;
    this.stopped ??= withTimeout(this.consumer.disconnect(), LEAVE_MS, `leaving group "${this.options.group}"`)
      .catch((e: unknown) => this.listener.onStatus(`Could not leave group "${this.options.group}" cleanly (${errorText(e)}); Kafka removes the member after its session timeout.`))
      .then(() => {
        const r = this.endReason ?? { kind: 'stopped' };
        this.endResolve(r.kind === 'limit' ? { kind: 'limit', count: this.delivered } : r);
      });
    return this.stopped.then(() => this.ended);
  }
}
