// The messages between the producer webview and the extension. Imported by both sides (type-only on
// the webview side), so it must not import anything that needs Node or `vscode`.
import type { FieldErrors, FieldName, ProduceDraft } from '../kafka/rules/produceValidation';

export type { FieldErrors, FieldName, ProduceDraft };

export interface TopicInfo {
  name: string;
  partitions: number;
}

export interface PartitionSummary {
  partition: number;
  /** int64 offsets as decimal strings. */
  firstOffset: string;
  lastOffset: string;
  count: number;
}

export interface SendSummary {
  topic: string;
  requested: number;
  sent: number;
  cancelled: boolean;
  durationMs: number;
  msgsPerSec: number;
  partitions: PartitionSummary[];
  /** When the send finished (ms since epoch). */
  at: number;
}

export interface HistoryEntry {
  id: string;
  draft: ProduceDraft;
  summary: SendSummary;
}

export interface Progress {
  sent: number;
  total: number;
}

/** Webview → extension. Everything here is untrusted until src/producer/messages.ts has parsed it. */
export type ToHost =
  | { type: 'ready' }
  | { type: 'draftChanged'; draft: ProduceDraft }
  | { type: 'send'; draft: ProduceDraft }
  | { type: 'cancel' }
  | { type: 'resend'; historyId: string }
  | { type: 'refreshTopics' }
  | { type: 'createTopic'; topic: string; partitions: number };

export interface PanelError {
  message: string;
  /** The field the message belongs next to; absent for panel-level errors. */
  field?: FieldName;
  errors?: FieldErrors;
  /** Set when the topic does not exist: the panel offers to create it (only on request). */
  missingTopic?: string;
}

/** Extension → webview. */
export type ToWebview =
  | {
    type: 'init';
    clusterName: string;
    draft: ProduceDraft;
    topics: TopicInfo[] | null;
    topicsError?: string;
    history: HistoryEntry[];
    busy: Progress | null;
    last: SendSummary | null;
    lastError: PanelError | null;
  }
  | { type: 'topics'; topics: TopicInfo[] | null; error?: string }
  | { type: 'progress'; sent: number; total: number }
  | { type: 'result'; summary: SendSummary; history: HistoryEntry[] }
  | { type: 'error'; error: PanelError }
  | { type: 'info'; message: string };
