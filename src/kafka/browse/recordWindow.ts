// PLACEHOLDER (owned by CORE)
import type { CompiledFilter } from '../rules/recordFilter';
import type { ConsumedRecord } from '../rules/recordFormat';

export class RecordWindow {
  constructor(readonly maxRecords: number) {}
  push(_records: readonly ConsumedRecord[]): void { throw new Error('PLACEHOLDER'); }
  get size(): number { throw new Error('PLACEHOLDER'); }
  get read(): number { throw new Error('PLACEHOLDER'); }
  get evicted(): number { throw new Error('PLACEHOLDER'); }
  at(_i: number): ConsumedRecord { throw new Error('PLACEHOLDER'); }
  clear(): void { throw new Error('PLACEHOLDER'); }
  filter(_f: CompiledFilter & { ok: true }): Uint32Array { throw new Error('PLACEHOLDER'); }
}
