// One producer panel (a webview) for one cluster and topic. The extension side owns everything that
// must outlive the webview: the draft (persisted), the history, a running send and its result. The
// webview is re-created whenever the panel is hidden and shown again and asks for all of it ('ready').
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { describeKafkaError } from '../kafka/client/errors';
import { ProduceError } from '../kafka/produce/producer';
import { emptyDraft, FieldName, parseDraft, ProduceDraft, validateDraft } from '../kafka/rules/produceValidation';
import { Services } from '../services';
import { distRoot, producerHtml } from './html';
import { parseToHost } from './messages';
import { ProducerPool } from './producerPool';
import { HistoryEntry, PanelError, Progress, SendSummary, TopicInfo, ToWebview } from './protocol';

export const PRODUCER_VIEW_TYPE = 'kafkaDev.producer';
const HISTORY_MAX = 20;
const PROGRESS_EVERY_MS = 100;

export interface PanelHost {
  readonly services: Services;
  readonly pool: ProducerPool;
  topicChanged(panel: ProducerPanel, previousTopic: string): void;
  disposed(panel: ProducerPanel): void;
}

const draftKey = (clusterId: string, topic: string): string => `kafkaDev.producer.draft:${clusterId}:${topic}`;
const historyKey = (clusterId: string): string => `kafkaDev.producer.history:${clusterId}`;

export class ProducerPanel implements vscode.Disposable {
  private currentTopic: string;
  private draft: ProduceDraft;
  private topics: TopicInfo[] | null = null;
  private topicsError: string | undefined;
  private busy: Progress | null = null;
  private abort: AbortController | undefined;
  private last: SendSummary | null = null;
  private lastError: PanelError | null = null;
  private readonly postedEmitter = new vscode.EventEmitter<ToWebview>();
  /** Every message sent to the webview, for tests that drive the panel from the extension host. */
  readonly onDidPost = this.postedEmitter.event;
  private readonly subs: vscode.Disposable[] = [];
  private disposed = false;

  constructor(readonly panel: vscode.WebviewPanel, readonly cluster: ClusterConfig, topic: string, private readonly host: PanelHost) {
    this.currentTopic = topic;
    // Parsed like a webview message: a draft saved by an older version (no keyFormat) still loads.
    const stored = parseDraft(host.services.context.workspaceState.get<unknown>(draftKey(cluster.id, topic)));
    this.draft = typeof stored !== 'string' && stored.topic === topic ? stored : emptyDraft(topic);
    this.updateTitle();
    panel.webview.html = producerHtml(panel.webview, host.services.context.extensionUri, this.panel.title);
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => { void this.handle(m); }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(cluster: ClusterConfig, topic: string, host: PanelHost): ProducerPanel {
    const panel = vscode.window.createWebviewPanel(PRODUCER_VIEW_TYPE, `Produce: ${topic}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      // The draft lives in the extension (and in webview state), so the page need not be kept alive.
      retainContextWhenHidden: false,
      localResourceRoots: [distRoot(host.services.context.extensionUri)],
    });
    return new ProducerPanel(panel, cluster, topic, host);
  }

  get topic(): string {
    return this.currentTopic;
  }

  get currentDraft(): ProduceDraft {
    return { ...this.draft, headers: this.draft.headers.map((h) => ({ ...h })) };
  }

  get history(): HistoryEntry[] {
    const saved = this.host.services.context.workspaceState.get<HistoryEntry[]>(historyKey(this.cluster.id), []);
    // Entries saved by an older version lack newer draft fields: normalise them (and drop any that cannot be).
    return saved.flatMap((e) => {
      const draft = parseDraft(e.draft);
      return typeof draft === 'string' ? [] : [{ ...e, draft }];
    });
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Handles one message from the webview (public so extension-host tests can act as the webview). */
  async handle(raw: unknown): Promise<void> {
    const m = parseToHost(raw);
    if ('invalid' in m) {
      this.host.services.log.warn(`producer panel: ignored an invalid message from the webview: ${m.invalid}`);
      this.post({ type: 'error', error: { message: `The panel sent an invalid request (${m.invalid}); nothing was sent.` } });
      return;
    }
    switch (m.type) {
      case 'ready': return this.sendInit();
      case 'draftChanged': return this.setDraft(m.draft);
      case 'send': return this.send(m.draft, true);
      case 'cancel': this.abort?.abort(); return;
      case 'resend': {
        const h = this.history.find((x) => x.id === m.historyId);
        if (!h) { this.post({ type: 'error', error: { message: 'That history entry no longer exists.' } }); return; }
        return this.send(h.draft, false);
      }
      case 'refreshTopics': return this.loadTopics();
      case 'createTopic': return this.createTopic(m.topic, m.partitions);
    }
  }

  private post(m: ToWebview): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(m);
    this.postedEmitter.fire(m);
  }

  private sendInit(): void {
    this.post({
      type: 'init', clusterName: this.cluster.name, draft: this.draft, topics: this.topics, topicsError: this.topicsError,
      history: this.history, busy: this.busy, last: this.last, lastError: this.lastError,
    });
    if (!this.topics) void this.loadTopics();
  }

  private async loadTopics(): Promise<void> {
    try {
      const conn = await this.host.services.connections.get(this.cluster.id);
      const all = await conn.admin.topics();
      this.topics = all.filter((t) => !t.internal).map((t) => ({ name: t.name, partitions: t.partitions }));
      this.topicsError = undefined;
    } catch (e) {
      this.topics = null;
      this.topicsError = `Could not list topics: ${describeKafkaError(e, this.cluster.bootstrapServers.join(', ')).message}`;
    }
    this.post({ type: 'topics', topics: this.topics, error: this.topicsError });
  }

  private setDraft(d: ProduceDraft): void {
    const previous = this.currentTopic;
    const topic = d.topic.trim();
    this.draft = d;
    if (topic && topic !== previous && /^[A-Za-z0-9._-]{1,249}$/.test(topic)) {
      this.currentTopic = topic;
      this.updateTitle();
      this.host.topicChanged(this, previous);
    }
    void this.host.services.context.workspaceState.update(draftKey(this.cluster.id, this.currentTopic), d);
  }

  private updateTitle(): void {
    this.panel.title = `Produce: ${this.currentTopic}`;
  }

  private async send(draft: ProduceDraft, fromForm: boolean): Promise<void> {
    if (this.busy) {
      this.post({ type: 'error', error: { message: 'A send is already running: wait for it to finish or press Cancel.' } });
      return;
    }
    if (fromForm) this.setDraft(draft);
    const partitionCount = this.topics?.find((t) => t.name === draft.topic.trim())?.partitions;
    const v = validateDraft(draft, { partitionCount });
    if (!v.ok) {
      const field = Object.keys(v.errors)[0] as FieldName | undefined;
      this.fail({ message: 'Fix the marked fields; nothing was sent.', field, errors: v.errors });
      return;
    }
    const spec = v.spec;
    this.busy = { sent: 0, total: spec.count };
    // A new send replaces the previous outcome: a re-created webview must not show the old one.
    this.last = null;
    this.lastError = null;
    this.post({ type: 'progress', sent: 0, total: spec.count });
    const abort = new AbortController();
    this.abort = abort;
    let lastPost = 0;
    try {
      const producer = await this.host.pool.get(this.cluster.id);
      const r = await producer.produce(spec, {
        signal: abort.signal,
        onProgress: (sent, total) => {
          this.busy = { sent, total };
          const now = Date.now();
          if (now - lastPost >= PROGRESS_EVERY_MS || sent === total) {
            lastPost = now;
            this.post({ type: 'progress', sent, total });
          }
        },
      });
      const summary: SendSummary = { ...r, at: Date.now() };
      if (r.sent > 0) {
        const entry: HistoryEntry = { id: randomUUID(), draft: { ...draft, topic: spec.topic }, summary };
        await this.host.services.context.workspaceState.update(historyKey(this.cluster.id), [entry, ...this.history].slice(0, HISTORY_MAX));
      }
      this.last = summary;
      this.post({ type: 'result', summary, history: this.history });
    } catch (e) {
      if (e instanceof ProduceError) {
        this.fail({ message: e.message, field: e.field, missingTopic: e.kind === 'unknown-topic' ? spec.topic : undefined });
      } else {
        this.fail({ message: describeKafkaError(e, this.cluster.bootstrapServers.join(', ')).message });
      }
    } finally {
      this.busy = null;
      this.abort = undefined;
    }
  }

  private fail(error: PanelError): void {
    this.last = null;
    this.lastError = error;
    this.post({ type: 'error', error });
  }

  private async createTopic(topic: string, partitions: number): Promise<void> {
    try {
      const conn = await this.host.services.connections.get(this.cluster.id);
      // The same path as Create Topic: it waits until the new partitions answer, so the send that
      // follows does not meet a broker that has not heard of the topic yet.
      await conn.admin.createTopic({ name: topic, partitions });
      this.lastError = null;
      this.post({ type: 'info', message: `Created topic "${topic}" with ${partitions} partition${partitions === 1 ? '' : 's'}.` });
      this.host.services.log.info(`producer panel: created topic ${topic} (${partitions} partitions) on ${this.cluster.name} at the user's request`);
    } catch (e) {
      this.fail({ message: `Could not create topic "${topic}": ${describeKafkaError(e, this.cluster.bootstrapServers.join(', ')).message}`, field: 'topic' });
    }
    await this.loadTopics();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    this.host.disposed(this);
    this.postedEmitter.dispose();
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}
