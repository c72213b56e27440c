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

/** "Send every N seconds": what the panel shows while it runs, and why it ended. */
export interface RepeatStatus {
  running: boolean;
  intervalSeconds: number;
  topic: string;
  /** Messages sent since Start (every tick sends the form's count). */
  sent: number;
  ticks: number;
  /** Where the last tick's messages went, e.g. "p0: 41…42". */
  lastOffsets?: string;
  /** Set once stopped: why (Stop, the panel closed, the cluster was removed, a send error). */
  ended?: string;
}

/** Webview → extension. Everything here is untrusted until src/producer/messages.ts has parsed it. */
export type ToHost =
  | { type: 'ready' }
  | { type: 'draftChanged'; draft: ProduceDraft }
  | { type: 'send'; draft: ProduceDraft }
  | { type: 'cancel' }
  | { type: 'resend'; historyId: string }
  | { type: 'refreshTopics' }
  | { type: 'createTopic'; topic: string; partitions: number }
  | { type: 'startRepeat'; draft: ProduceDraft; interval: string }
  | { type: 'stopRepeat' };

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
    repeat: RepeatStatus | null;
    /** True when the extension's draft is newer than what the webview saved (a pre-filled open). */
    draftFromHost: boolean;
  }
  | { type: 'topics'; topics: TopicInfo[] | null; error?: string }
  | { type: 'progress'; sent: number; total: number }
  | { type: 'result'; summary: SendSummary; history: HistoryEntry[] }
  | { type: 'error'; error: PanelError }
  | { type: 'info'; message: string }
  | { type: 'repeat'; repeat: RepeatStatus }
  | { type: 'history'; history: HistoryEntry[] }
  /** A draft put into the form from outside (ProducerFeature.open with a draft): shown, not sent. */
  | { type: 'draft'; draft: ProduceDraft };
