// One producer panel (a webview) for one cluster and topic. The extension side owns everything that
// must outlive the webview: the draft (persisted), the history, a running send and its result. The
// webview is re-created whenever the panel is hidden and shown again and asks for all of it ('ready').
import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { describeKafkaError } from '../kafka/client/errors';
import { ProduceError } from '../kafka/produce/producer';
import { FieldName, ProduceDraft, ProduceSpec, validateDraft } from '../kafka/rules/produceValidation';
import { parseInterval } from '../kafka/rules/repeatInterval';
import { Services } from '../services';
import { distRoot, panelHtml } from '../webviews/html';
import { parseToHost } from './messages';
import { PanelStore } from './panelStore';
import { ProducerPool } from './producerPool';
import { PanelTopics } from './panelTopics';
import { HistoryEntry, PanelError, Progress, RepeatStatus, SendSummary, ToWebview } from './protocol';
import { RepeatSender, repeatTitle } from './repeatSender';
import { SchemaAssist } from './schemaAssist';

export const PRODUCER_VIEW_TYPE = 'kafkaDev.producer';
const PROGRESS_EVERY_MS = 100;

export interface PanelHost {
  readonly services: Services;
  readonly pool: ProducerPool;
  topicChanged(panel: ProducerPanel, previousTopic: string): void;
  disposed(panel: ProducerPanel): void;
}

export class ProducerPanel implements vscode.Disposable {
  private currentTopic: string;
  private draft: ProduceDraft;
  private readonly topics: PanelTopics;
  private busy: Progress | null = null;
  private abort: AbortController | undefined;
  private last: SendSummary | null = null;
  private lastError: PanelError | null = null;
  private repeat: RepeatSender | null = null;
  /** The last "send every" status, kept after it stopped so a re-created webview still says why. */
  private repeatStatus: RepeatStatus | null = null;
  /** True after a pre-filled open until the webview has the draft (its saved state is older then). */
  private draftFromHost = false;
  private readonly postedEmitter = new vscode.EventEmitter<ToWebview>();
  /** Every message sent to the webview, for tests that drive the panel from the extension host. */
  readonly onDidPost = this.postedEmitter.event;
  private readonly subs: vscode.Disposable[] = [];
  private disposed = false;
  private readonly store: PanelStore;
  /** Schemas for the key and value: checks as you type, examples, the subject list, the send's encoders. */
  private readonly schemas: SchemaAssist;

  constructor(readonly panel: vscode.WebviewPanel, readonly cluster: ClusterConfig, topic: string, private readonly host: PanelHost) {
    this.currentTopic = topic;
    this.store = new PanelStore(host.services.context.workspaceState, cluster.id);
    this.draft = this.store.draft(topic);
    this.topics = new PanelTopics(host.services, cluster, { post: (m) => this.post(m), fail: (e) => this.fail(e), created: () => { this.lastError = null; } });
    this.schemas = new SchemaAssist({
      registry: async () => (await host.services.connections.get(cluster.id)).registry,
      post: (m) => this.post(m),
      log: (m) => host.services.log.warn(m),
    });
    this.updateTitle();
    panel.webview.html = panelHtml(panel.webview, host.services.context.extensionUri, 'webview', this.panel.title);
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => { void this.handle(m); }),
      panel.onDidDispose(() => this.dispose()),
      host.services.clusters.onDidChange(() => {
        if (!host.services.clusters.get(cluster.id)) void this.stopRepeat(`the cluster "${cluster.name}" was removed`);
      }),
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
    return this.store.history;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** "Send every N seconds" as it runs (or how it last ended); null if never started. */
  get repeating(): RepeatStatus | null {
    return this.repeat?.status ?? this.repeatStatus;
  }

  /** Puts `draft` in the form (not sent): the message browser's Re-send. */
  showDraft(draft: ProduceDraft): void {
    this.setDraft(draft);
    this.draftFromHost = true;
    this.post({ type: 'draft', draft: this.currentDraft });
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
      case 'draftChanged': this.draftFromHost = false; this.setDraft(m.draft); return this.schemas.check(m.draft);
      case 'example': return this.schemas.example(m.part, m.draft);
      case 'listSubjects': return this.schemas.subjects();
      case 'send': this.draftFromHost = false; return this.send(m.draft, true);
      case 'startRepeat': this.draftFromHost = false; return this.startRepeat(m.draft, m.interval);
      case 'stopRepeat': return this.stopRepeat('stopped');
      case 'cancel': this.abort?.abort(); return;
      case 'resend': {
        const h = this.history.find((x) => x.id === m.historyId);
        if (!h) { this.post({ type: 'error', error: { message: 'That history entry no longer exists.' } }); return; }
        return this.send(h.draft, false);
      }
      case 'refreshTopics': return this.topics.load();
      case 'createTopic': return this.topics.create(m.topic, m.partitions);
    }
  }

  private post(m: ToWebview): void {
    if (this.disposed) return;
    void this.panel.webview.postMessage(m);
    this.postedEmitter.fire(m);
  }

  private sendInit(): void {
    this.post({
      type: 'init', clusterName: this.cluster.name, draft: this.draft, topics: this.topics.list, topicsError: this.topics.error,
      history: this.history, busy: this.busy, last: this.last, lastError: this.lastError, repeat: this.repeating, draftFromHost: this.draftFromHost,
    });
    if (!this.topics.list) void this.topics.load();
    void this.schemas.check(this.draft);
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
    this.store.saveDraft(this.currentTopic, d);
  }

  private updateTitle(): void {
    this.panel.title = repeatTitle(this.currentTopic, this.repeat?.status ?? null);
  }

  /** The draft as a request, or undefined once the reason it cannot be sent has been shown. */
  private validated(draft: ProduceDraft): ProduceSpec | undefined {
    if (this.busy || this.repeat?.running) {
      const what = this.repeat?.running ? `Sending every ${this.repeat.status.intervalSeconds} s is running: press Stop first.` : 'A send is already running: wait for it to finish or press Cancel.';
      this.post({ type: 'error', error: { message: what } });
      return undefined;
    }
    const v = validateDraft(draft, { partitionCount: this.topics.partitionCount(draft.topic) });
    if (v.ok) return v.spec;
    const field = Object.keys(v.errors)[0] as FieldName | undefined;
    this.fail({ message: 'Fix the marked fields; nothing was sent.', field, errors: v.errors });
    return undefined;
  }

  private startRepeat(draft: ProduceDraft, intervalText: string): void {
    if (!this.busy && !this.repeat?.running) this.setDraft(draft);
    const spec = this.validated(draft);
    if (!spec) return;
    const seconds = parseInterval(intervalText);
    if (typeof seconds !== 'number') { this.fail({ message: seconds.error }); return; }
    this.last = null;
    this.lastError = null;
    this.repeat = new RepeatSender(spec, seconds, {
      produce: async (s, seqStart, signal) => (await this.host.pool.get(this.cluster.id)).produce(s, { seqStart, signal, encoders: this.schemas.resolve }),
      report: (status) => this.repeatChanged(status),
      ended: (total) => { if (total.sent > 0) void this.remember(draft, spec.topic, { ...total, at: Date.now() }).then(() => this.post({ type: 'history', history: this.history })); },
      failed: (e, status) => {
        this.repeatChanged(status);
        const f = this.describeFailure(e, spec.topic);
        this.fail({ ...f, message: `Sending every ${status.intervalSeconds} s stopped after ${status.sent.toLocaleString('en-US')} sent: ${f.message}` });
      },
    });
    this.repeatChanged(this.repeat.status);
    this.host.services.log.info(`producer panel: sending to ${spec.topic} on ${this.cluster.name} every ${seconds} s`);
  }

  /** Stops "send every N seconds" (if running); resolves once nothing more will be sent. */
  async stopRepeat(reason: string): Promise<void> {
    await this.repeat?.stop(reason);
  }

  private repeatChanged(status: RepeatStatus): void {
    this.repeatStatus = status;
    this.updateTitle();
    this.post({ type: 'repeat', repeat: status });
  }

  private describeFailure(e: unknown, topic: string): PanelError {
    if (e instanceof ProduceError) return { message: e.message, field: e.field, missingTopic: e.kind === 'unknown-topic' ? topic : undefined };
    return { message: describeKafkaError(e, this.cluster.bootstrapServers.join(', ')).message };
  }

  private async send(draft: ProduceDraft, fromForm: boolean): Promise<void> {
    if (fromForm && !this.busy && !this.repeat?.running) this.setDraft(draft);
    const spec = this.validated(draft);
    if (!spec) return;
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
        encoders: this.schemas.resolve,
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
      if (r.sent > 0) await this.remember(draft, spec.topic, summary);
      this.last = summary;
      this.post({ type: 'result', summary, history: this.history });
    } catch (e) {
      this.fail(this.describeFailure(e, spec.topic));
    } finally {
      this.busy = null;
      this.abort = undefined;
    }
  }

  private remember(draft: ProduceDraft, topic: string, summary: SendSummary): Promise<void> {
    return this.store.remember(draft, topic, summary);
  }

  private fail(error: PanelError): void {
    this.last = null;
    this.lastError = error;
    this.post({ type: 'error', error });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    this.schemas.dispose();
    void this.repeat?.stop('the panel was closed');
    this.host.disposed(this);
    this.postedEmitter.dispose();
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}
