// PLACEHOLDER (owned by CORE)
import type { ConsumedRecord } from './recordFormat';

export type FilterScope = 'all' | 'key' | 'value' | 'headers';
export interface FilterSpec {
  text?: string;
  regex?: boolean;
  scope?: FilterScope;
  json?: string;
  partitions?: number[];
  fromMs?: number;
  toMs?: number;
}
export type FilterField = 'text' | 'json' | 'partitions' | 'time';
export type CompiledFilter =
  | { ok: true; test(r: ConsumedRecord): boolean; all: boolean }
  | { ok: false; field: FilterField; error: string };
export function compileFilter(_spec: FilterSpec, _now?: number): CompiledFilter {
  throw new Error('PLACEHOLDER');
}
export function recordSize(_r: ConsumedRecord): number {
  throw new Error('PLACEHOLDER');
}
