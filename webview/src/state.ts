// What the panel holds while it lives: the form (the draft) and what the extension last told it.
// One object, so every module of the panel reads and replaces the same values.
import { emptyDraft, FieldErrors, ProduceDraft } from '../../src/kafka/rules/produceValidation';
import type { RepeatStatus, SchemaCheck, SchemaPart, SubjectInfo, ToHost, TopicInfo } from '../../src/producer/protocol';

interface VsCodeApi {
  postMessage(m: ToHost): void;
  getState(): unknown;
  setState(s: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

export interface SavedState {
  draft: ProduceDraft;
  /** "Send every" interval as typed (seconds). */
  interval?: string;
}

export const vscode = acquireVsCodeApi();
export const post = (m: ToHost): void => vscode.postMessage(m);

export const state: {
  draft: ProduceDraft;
  topics: TopicInfo[] | null;
  busy: boolean;
  /** The extension's last verdict per field (shown until the next edit). */
  serverErrors: FieldErrors;
  /** False until the first edit: an untouched, empty form shows no errors. */
  touched: boolean;
  repeat: RepeatStatus | null;
  interval: string;
  /** The registry's subjects: undefined until first asked for, null while loading or when they could not be listed. */
  subjects: SubjectInfo[] | null | undefined;
  subjectsError?: string;
  /** The extension's last schema verdict per part. */
  checks: Partial<Record<SchemaPart, SchemaCheck>>;
} = { draft: emptyDraft(''), topics: null, busy: false, serverErrors: {}, touched: false, repeat: null, interval: '1', subjects: undefined, checks: {} };

/** Saves the form in webview state, so a re-created webview restores it instantly. */
export const saveState = (): void => vscode.setState({ draft: state.draft, interval: state.interval });

export const partitionCount = (): number | undefined => state.topics?.find((t) => t.name === state.draft.topic)?.partitions;
