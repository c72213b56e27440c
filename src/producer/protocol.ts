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

export type SchemaPart = 'key' | 'value';

/** A problem with the JSON typed for a schema, at its field (JSON Pointer, "" for the whole value). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** The extension's verdict on the key or value typed for a schema (sent as you type). */
export interface SchemaCheck {
  part: SchemaPart;
  /** The text that was checked: the webview ignores a verdict on text it no longer holds. */
  text: string;
  /** Which schema it was checked with, e.g. "avro orders-value v3 id 7". */
  label?: string;
  fieldErrors: FieldProblem[];
  /** The schema could not be had (no registry, registry down, unknown subject, a bad file): why. */
  problem?: string;
}

/** The registry's subjects for the subject pickers (null when they could not be listed: `error` says why). */
export interface SubjectInfo {
  subject: string;
  schemaType: string;
  latestVersion: number;
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
  | { type: 'stopRepeat' }
  /** Fill the key or value with an example generated from the draft's schema for it. */
  | { type: 'example'; part: SchemaPart; draft: ProduceDraft }
  /** (Re)load the registry's subjects for the pickers. */
  | { type: 'listSubjects' };

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
  | { type: 'draft'; draft: ProduceDraft }
  | { type: 'schemaCheck'; checks: SchemaCheck[] }
  | { type: 'subjects'; subjects: SubjectInfo[] | null; error?: string }
  /** An example for the key or value (text), or why there is none (error). */
  | { type: 'example'; part: SchemaPart; text?: string; error?: string };
