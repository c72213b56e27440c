// PLACEHOLDER (owned by CORE)
import type { Kafka } from 'kafkajs';
import type { EndReason, SessionSettings } from '../consume/consumerSession';
import type { StartPosition } from '../rules/consumerOptions';
import type { ConsumedRecord } from '../rules/recordFormat';

export type BrowseStart = StartPosition | { kind: 'range'; fromMs: number; toMs: number };
export interface BrowseOptions {
  topic: string; partitions?: number[]; start: BrowseStart;
  live: boolean;
}
export interface BrowseListener { onRecords(records: ConsumedRecord[]): void; onStatus(line: string): void; onEnd(reason: EndReason): void }
export function startBrowse(_kafka: Kafka, _o: BrowseOptions, _settings: SessionSettings, _listener: BrowseListener): Promise<{ stop(): Promise<void>; readonly ended: Promise<EndReason> }> {
  throw new Error('PLACEHOLDER');
}
