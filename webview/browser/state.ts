// The browser webview's state and its one channel to the extension. Records are not kept here: only the
// rows currently cached for the table (by index, for the current view version) and what the person typed.
import type { Counts, DetailView, ReadRequest, RowView, ToHost } from '../../src/browser/protocol';

interface VsCodeApi {
  postMessage(m: ToHost): void;
  getState(): unknown;
  setState(s: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;
export const vscode = acquireVsCodeApi();

export const post = (m: ToHost): void => vscode.postMessage(m);

export const state = {
  topic: '',
  partitions: null as number | null,
  counts: null as Counts | null,
  request: null as ReadRequest | null,
  /** Rows of the current version, by index. */
  rows: new Map<number, RowView>(),
  /** Rows of the previous version, shown until the current ones arrive (no blank flashes while streaming). */
  stale: new Map<number, RowView>(),
  /** Pages asked for in the current version (by first index). */
  asked: new Set<number>(),
  /** The selected record as "partition@offset" (indexes move as records stream in; the record does not). */
  selectedKey: null as string | null,
  selectedIndex: -1,
  detail: null as DetailView | null,
  byPartition: false,
};
