// The record type the consumer delivers, in a module of its own with nothing else in it: the Browse
// Messages webview's filter (recordFilter.ts) names it, and importing it from recordFormat.ts would make that
// bundle's type check read the Output formatter and the byte writers it uses (Node's Buffer as a value),
// which the webview never runs.

/** A record as the consumer delivers it (a subset of what kafkajs decodes). */
export interface ConsumedRecord {
  partition: number;
  /** int64 as a decimal string. */
  offset: string;
  /** Epoch milliseconds as a decimal string. */
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  /** Duplicate header keys arrive as arrays. */
  headers: Record<string, Buffer | string | Array<Buffer | string> | undefined>;
  /** From the batch attributes. */
  timestampType?: 'CreateTime' | 'LogAppendTime';
  /** The batch's codec. */
  compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  /**
   * The bytes of its key, value and headers as the batch holds them (with their length prefixes), when
   * known without reading them (LeanRecord): what the delivery slices are measured by.
   */
  readonly heldBytes?: number;
}
