// What a producer panel keeps in the workspace: the draft per cluster/topic (so it survives closing the
// panel) and the recent sends per cluster. Everything read back is parsed like a webview message, so
// entries saved by an older version (no keyFormat, no schemas) still load.
import { randomUUID } from 'node:crypto';
import type * as vscode from 'vscode';
import { emptyDraft, parseDraft, ProduceDraft } from '../kafka/rules/produceValidation';
import { HistoryEntry, SendSummary } from './protocol';

const HISTORY_MAX = 20;
const draftKey = (clusterId: string, topic: string): string => `kafkaDev.producer.draft:${clusterId}:${topic}`;
const historyKey = (clusterId: string): string => `kafkaDev.producer.history:${clusterId}`;

export class PanelStore {
  constructor(private readonly memento: vscode.Memento, private readonly clusterId: string) {}

  /** The saved draft for the topic, or an empty one. */
  draft(topic: string): ProduceDraft {
    const stored = parseDraft(this.memento.get<unknown>(draftKey(this.clusterId, topic)));
    return typeof stored !== 'string' && stored.topic === topic ? stored : emptyDraft(topic);
  }

  saveDraft(topic: string, d: ProduceDraft): void {
    void this.memento.update(draftKey(this.clusterId, topic), d);
  }

  get history(): HistoryEntry[] {
    const saved = this.memento.get<HistoryEntry[]>(historyKey(this.clusterId), []);
    // Entries saved by an older version lack newer draft fields: normalise them (and drop any that cannot be).
    return saved.flatMap((e) => {
      const draft = parseDraft(e.draft);
      return typeof draft === 'string' ? [] : [{ ...e, draft }];
    });
  }

  async remember(draft: ProduceDraft, topic: string, summary: SendSummary): Promise<void> {
    const entry: HistoryEntry = { id: randomUUID(), draft: { ...draft, topic }, summary };
    await this.memento.update(historyKey(this.clusterId), [entry, ...this.history].slice(0, HISTORY_MAX));
  }
}
