// PLACEHOLDER (owned by CORE)
import type { Kafka } from 'kafkajs';
import type { SessionSettings } from '../consume/consumerSession';
import type { FilterSpec } from '../rules/recordFilter';
import type { ConsumedRecord } from '../rules/recordFormat';
import type { BrowseStart } from './browseSession';

export interface SearchOptions {
  topic: string; partitions?: number[];
  from: BrowseStart;
  to: { kind: 'end' } | { kind: 'count'; records: number } | { kind: 'timestamp'; ms: number };
  filter: FilterSpec;
  maxMatches: number;
}
export interface SearchProgress { scanned: number; matched: number; perSecond: number; reached: Record<number, string>; }
export interface SearchResult { matches: ConsumedRecord[]; scanned: number; complete: boolean; stoppedBy: string; reached: Record<number, string>; }
export function searchTopic(_kafka: Kafka, _o: SearchOptions, _settings: SessionSettings, _hooks: { onProgress?(p: SearchProgress): void; signal?: AbortSignal }): Promise<SearchResult> {
  throw new Error('PLACEHOLDER');
}
