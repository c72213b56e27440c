// The messages between the Browse Messages webview and the extension. Imported by both sides (type-only
// on the webview side), so it imports nothing that needs Node or `vscode`. Records stay in the extension
// (the window can hold 100,000): the webview asks for rows by index range and for one record's detail.
import { READ_FROM, type ReadField, type ReadFrom, type ReadRequest } from '../kafka/rules/browseRequest';
import type { FilterField, FilterScope, FilterSpec } from '../kafka/rules/recordFilter';
import { PRIMITIVE_FORMATS } from '../kafka/rules/primitiveFormats';

export type { FilterField, FilterScope, FilterSpec };

export { READ_FROM };
export type { ReadField, ReadFrom, ReadRequest };

export type SearchTo = 'end' | 'count' | 'timestamp';
export interface SearchRequest {
  /** Where the scan starts (the same fields as a read; `live` is ignored). */
  read: ReadRequest;
  to: SearchTo;
  /** "count": records to scan; "timestamp": a time. */
  toText: string;
  maxMatchesText: string;
  filter: FilterSpec;
}
export type SearchField = ReadField | 'searchTo' | 'maxMatches' | FilterField;

/** One table row: what the table shows, already cut to a preview. */
export interface RowView {
  /** Index in the current view (the window, its filtered rows, or the search results). */
  i: number;
  partition: number;
  offset: string;
  /** Epoch ms as a decimal string. */
  timestamp: string;
  key: string;
  value: string;
  /** True when the value is null (a tombstone): the preview is «null». */
  tombstone: boolean;
  headers: number;
  size: number;
}

/** A key, value or header value as the detail pane shows it. */
export interface Shown {
  kind: 'null' | 'empty' | 'json' | 'text' | 'binary';
  /** Pretty JSON (exact digits), the text, or a hex dump. */
  text: string;
  bytes: number;
  /** Decoded: what with ("Avro orders-value v3 id 7", "int64"). */
  decodedWith?: string;
  /** Could not be decoded: why (the text is then the raw bytes' hex dump). */
  marker?: string;
}

/** The toolbar's key/value format selects: auto, registry, each primitive, or a local schema file (the extension asks which). */
export const FORMAT_SELECTS: readonly string[] = ['auto', 'registry', ...PRIMITIVE_FORMATS, 'file'];
/** A format as the toolbar shows it: the select's value and a description ("schema file order.avsc"). */
export interface FormatChoice { select: string; label: string }

export interface DetailView {
  i: number;
  partition: number;
  offset: string;
  timestamp: string;
  timestampType?: string;
  compression?: string;
  size: number;
  key: Shown;
  value: Shown;
  headers: Array<{ name: string; value: Shown }>;
}

export interface Counts {
  /** Bumped whenever row indexes may mean other records: the webview drops its cached rows. */
  version: number;
  source: 'window' | 'search';
  read: number;
  held: number;
  evicted: number;
  /** Rows of the window the filter selects (equal to held when the filter selects everything). */
  matching: number;
  filtered: boolean;
  /** Rows in the table. */
  rows: number;
  reading: boolean;
  live: boolean;
  maxRecords: number;
}

export interface HistogramBucket { from: number; to: number; count: number; matching: number; byPartition?: Record<number, number> }
export interface Histogram { buckets: HistogramBucket[]; partitions: number[]; minMs: number; maxMs: number }

export interface SearchProgressView { scanned: number; matched: number; perSecond: number; reached: Record<number, string> }
export interface SearchDone { matched: number; scanned: number; complete: boolean; stoppedBy: string; reached: Record<number, string>; ms: number }

export type RecordAction = 'copyValue' | 'copyKey' | 'copyRecord' | 'openJson' | 'resend' | 'copyKcat' | 'copySnippet';
export const RECORD_ACTIONS: readonly RecordAction[] = ['copyValue', 'copyKey', 'copyRecord', 'openJson', 'resend', 'copyKcat', 'copySnippet'];

/** Webview → extension. Untrusted until src/browser/messages.ts has parsed it. */
export type ToHost =
  | { type: 'ready' }
  | { type: 'read'; request: ReadRequest }
  | { type: 'stop' }
  | { type: 'filter'; spec: FilterSpec }
  | { type: 'rows'; version: number; start: number; end: number }
  | { type: 'detail'; version: number; index: number }
  | { type: 'action'; action: RecordAction }
  | { type: 'search'; request: SearchRequest }
  | { type: 'cancelSearch' }
  | { type: 'backToWindow' }
  | { type: 'histogram'; byPartition: boolean }
  | { type: 'export'; which: 'window' | 'filtered' }
  /** The key/value format selects changed (values of FORMAT_SELECTS). */
  | { type: 'formats'; key: string; value: string };

/** Extension → webview. */
export type ToWebview =
  | { type: 'init'; clusterName: string; topic: string; partitions: number | null; maxRecords: number; request: ReadRequest; counts: Counts; filter: FilterSpec }
  | { type: 'counts'; counts: Counts }
  | { type: 'rows'; version: number; rows: RowView[] }
  | { type: 'detail'; detail: DetailView }
  | { type: 'status'; line: string; level: 'info' | 'warning' | 'error' }
  | { type: 'fieldError'; field: SearchField | null; error: string | null; scope: 'read' | 'filter' | 'search' }
  | { type: 'histogram'; histogram: Histogram }
  | { type: 'searchProgress'; progress: SearchProgressView }
  | { type: 'searchDone'; done: SearchDone }
  | { type: 'info'; message: string }
  | { type: 'formats'; key: FormatChoice; value: FormatChoice };

export const ROW_PAGE_MAX = 1_000;
export const VALUE_PREVIEW_CHARS = 200;
