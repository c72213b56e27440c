// PLACEHOLDER (owned by CORE)
import type { Kafka } from 'kafkajs';
import type { SessionSettings } from '../consume/consumerSession';
import type { ConsumedRecord } from '../rules/recordFormat';
import type { BrowseStart } from './browseSession';

export type ScanEnd = { kind: 'end' } | { kind: 'count'; records: number } | { kind: 'timestamp'; ms: number };
export interface ScanOptions { topic: string; partitions?: number[]; from: BrowseStart; to: ScanEnd }
export interface ScanProgress { scanned: number; perSecond: number; reached: Record<number, string> }
export interface ScanResult { scanned: number; complete: boolean; stoppedBy: 'end' | 'count' | 'timestamp' | 'cancelled' | 'error'; error?: string; reached: Record<number, string> }
export function scanTopic(_kafka: Kafka, _o: ScanOptions, _settings: SessionSettings, _hooks: {
  onRecords(batch: ConsumedRecord[]): void | Promise<void>; onProgress?(p: ScanProgress): void; signal?: AbortSignal }): Promise<ScanResult> {
  throw new Error('PLACEHOLDER');
}
