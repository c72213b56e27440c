// One Browse Messages panel (a webview) for one cluster and topic. The extension holds the records (a
// RecordWindow of up to kafkaDev.browser.maxRecords), reads them with one browse session, applies the
// filter, and hands the webview rows by index range and one record's detail at a time. The webview is
// re-created when the panel is hidden and shown again and asks for everything again ('ready').
import * as vscode from 'vscode';
import { startBrowse } from '../kafka/browse/browseSession';
import type { EndReason } from '../kafka/consume/consumerSession';
import { describeKafkaError } from '../kafka/client/errors';
import { defaultReadRequest, parseReadRequest, ReadRequest } from '../kafka/rules/browseRequest';
import { describeStart } from '../kafka/rules/consumerOptions';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { ConsumedRecord, count } from '../kafka/rules/recordFormat';
import type { FilterSpec } from '../kafka/rules/recordFilter';
import { Services } from '../services';
import { distRoot, panelHtml } from '../webviews/html';
import { parseToHost } from './messages';
import { ToWebview } from './protocol';
import { toDetail, toRow } from './recordView';
import { BrowseView } from './view';
import { BrowserDecoding } from './decoding';
import { applyFormatSelects } from './formats';
import { readDataFormats } from '../consumer/settings';

export const BROWSER_VIEW_TYPE = 'kafkaDev.browser';
/** Counts, rows and the histogram are sent at most this often while records stream in. */
const REFRESH_MS = 250;

/** What a panel needs from its feature (record actions, search and export live there). */
export interface BrowserHost {
  readonly services: Services;
  disposed(panel: BrowserPanel): void;
  action(panel: BrowserPanel, action: import('./protocol').RecordAction): Promise<void>;
  search(panel: BrowserPanel, request: import('./protocol').SearchRequest): Promise<void>;
  cancelSearch(panel: BrowserPanel): void;
  exportRows(panel: BrowserPanel, which: 'window' | 'filtered'): Promise<void>;
}

export class BrowserPanel implements vscode.Disposable {
  readonly view: BrowseView;
  /** The key/value formats (kafkaDev.consumer.keyFormat/valueDataFormat at first, then the toolbar's) and their decoding. */
  readonly decoding: BrowserDecoding;
  private selectedIndex = -1;
  request: ReadRequest = defaultReadRequest();
  partitions: number | null = null;
  /** The record shown in the detail pane (record actions apply to it). */
  selected: ConsumedRecord | undefined;
  private session: { stop(): Promise<void>; readonly ended: Promise<EndReason> } | undefined;
  /** Resolves when the current read ends (tests wait for it); undefined before the first read. */
  reading: Promise<EndReason> | undefined;
  private isReading = false;
  private refreshTimer: NodeJS.Timeout | undefined;
  private byPartition = false;
  /** Sent again to a re-created webview (a read can end before the page is ready). */
  private lastStatus: { line: string; level: 'info' | 'warning' | 'error' } | undefined;
  private readGeneration = 0;
  private readonly postedEmitter = new vscode.EventEmitter<ToWebview>();
  /** Every message sent to the webview, for tests that drive the panel from the extension host. */
  readonly onDidPost = this.postedEmitter.event;
  private readonly subs: vscode.Disposable[] = [];
  private disposedFlag = false;

  constructor(readonly panel: vscode.WebviewPanel, readonly cluster: ClusterConfig, readonly topic: string, maxRecords: number, private readonly host: BrowserHost) {
    this.view = new BrowseView(maxRecords);
    this.decoding = new BrowserDecoding(readDataFormats(), (m) => this.status(m, 'warning'));
    panel.webview.html = panelHtml(panel.webview, host.services.context.extensionUri, 'browser', panel.title);
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => { void this.handle(m); }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(cluster: ClusterConfig, topic: string, maxRecords: number, host: BrowserHost): BrowserPanel {
    const panel = vscode.window.createWebviewPanel(BROWSER_VIEW_TYPE, `Browse: ${topic}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      // The records live in the extension and the webview asks for what it shows, so it need not be kept alive.
      retainContextWhenHidden: false,
      localResourceRoots: [distRoot(host.services.context.extensionUri)],
    });
    const p = new BrowserPanel(panel, cluster, topic, maxRecords, host);
    void p.read(p.request);
    return p;
  }

  get disposed(): boolean {
    return this.disposedFlag;
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Handles one message from the webview (public so extension-host tests can act as the webview). */
  async handle(raw: unknown): Promise<void> {
    const m = parseToHost(raw);
    if ('invalid' in m) {
      this.host.services.log.warn(`browser panel: ignored an invalid message from the webview: ${m.invalid}`);
      this.status(`The panel sent an invalid request (${m.invalid}).`, 'error');
      return;
    }
    switch (m.type) {
      case 'ready': return this.sendInit();
      case 'read': return this.read(m.request);
      case 'stop': return this.stopReading('stopped');
      case 'filter': return this.setFilter(m.spec);
      case 'rows': return this.sendRows(m.version, m.start, m.end);
      case 'detail': return this.sendDetail(m.version, m.index);
      case 'action': return this.host.action(this, m.action);
      case 'search': return this.host.search(this, m.request);
      case 'cancelSearch': return this.host.cancelSearch(this);
      case 'backToWindow':
        this.view.setSearch(null);
        this.postCounts();
        this.status('Back to the window.', 'info');
        return;
      case 'histogram':
        this.byPartition = m.byPartition;
        this.post({ type: 'histogram', histogram: this.view.histogram(this.byPartition) });
        return;
      case 'export': return this.host.exportRows(this, m.which);
      case 'formats': return applyFormatSelects(this, m.key, m.value);
    }
  }

  post(m: ToWebview): void {
    if (this.disposedFlag) return;
    void this.panel.webview.postMessage(m);
    this.postedEmitter.fire(m);
  }

  status(line: string, level: 'info' | 'warning' | 'error'): void {
    this.lastStatus = { line, level };
    this.post({ type: 'status', line, level });
  }

  postCounts(): void {
    this.post({ type: 'counts', counts: this.view.counts(this.isReading, this.request.live) });
    this.post({ type: 'histogram', histogram: this.view.histogram(this.byPartition) });
  }

  private sendInit(): void {
    this.post({
      type: 'init', clusterName: this.cluster.name, topic: this.topic, partitions: this.partitions, maxRecords: this.view.window.maxRecords,
      request: this.request, counts: this.view.counts(this.isReading, this.request.live), filter: this.view.filter,
    });
    this.post({ type: 'histogram', histogram: this.view.histogram(this.byPartition) });
    if (this.lastStatus) this.post({ type: 'status', ...this.lastStatus });
    this.postFormats();
  }

  postFormats(): void {
    this.post({ type: 'formats', ...this.decoding.choice() });
  }

  /** Shows the selected record's detail again (its decoding changed). */
  redetail(): void {
    if (this.selectedIndex >= 0) this.sendDetail(this.view.version, this.selectedIndex);
  }

  private async partitionCount(): Promise<number | undefined> {
    if (this.partitions !== null) return this.partitions;
    const conn = await this.host.services.connections.get(this.cluster.id);
    const t = (await conn.admin.topics()).find((x) => x.name === this.topic);
    if (t) this.partitions = t.partitions;
    return t?.partitions;
  }

  /** Starts reading into a fresh window (a running read is stopped first). */
  async read(request: ReadRequest): Promise<void> {
    const generation = ++this.readGeneration;
    await this.stopReading(undefined);
    this.request = request;
    let parts: number | undefined;
    try {
      parts = await this.partitionCount();
    } catch (e) {
      this.status(`Could not read the topic's partitions: ${describeKafkaError(e, this.cluster.bootstrapServers.join(', ')).message}`, 'error');
      return;
    }
    const parsed = parseReadRequest(request, parts);
    if (!parsed.ok) {
      this.post({ type: 'fieldError', scope: 'read', field: parsed.field, error: parsed.error });
      return;
    }
    this.post({ type: 'fieldError', scope: 'read', field: null, error: null });
    if (generation !== this.readGeneration) return;
    this.view.setSearch(null);
    this.view.clear();
    this.selected = undefined;
    this.selectedIndex = -1;
    this.isReading = true;
    this.postCounts();
    const where = parsed.start.kind === 'range'
      ? `from ${new Date(parsed.start.fromMs).toISOString()} to ${new Date(parsed.start.toMs).toISOString()}` : describeStart(parsed.start);
    this.status(`Reading ${this.topic} ${where}${parsed.partitions ? `, partitions ${parsed.partitions.join(', ')}` : ''}${parsed.live ? ', then live' : ''}…`, 'info');
    let ended: (r: EndReason) => void = () => undefined;
    this.reading = new Promise((r) => { ended = r; });
    try {
      const conn = await this.host.services.connections.get(this.cluster.id);
      const target = `${conn.cluster.name} (${conn.cluster.bootstrapServers.join(', ')})`;
      const why = this.decoding.connect(conn.registry, conn.timeoutMs);
      if (why) this.status(`The records are shown undecoded: ${why}.`, 'warning');
      this.view.setDecodedJson(this.decoding.decodedJson);
      this.session = await startBrowse(conn.kafka, { topic: this.topic, partitions: parsed.partitions, start: parsed.start, live: parsed.live },
        { timeoutMs: conn.timeoutMs, target }, {
          onRecords: async (records) => {
            // Their schemas first (bounded): the rows, the detail and the JSON condition then read them decoded.
            await this.decoding.prepare(records);
            if (generation !== this.readGeneration) return;
            this.view.window.push(records);
            this.scheduleRefresh();
          },
          onStatus: (line) => { if (generation === this.readGeneration) this.status(line, 'warning'); },
          onEnd: (reason) => { if (generation === this.readGeneration) this.readEnded(reason); },
        });
      void this.session.ended.then((r) => ended(r));
    } catch (e) {
      this.isReading = false;
      const message = e instanceof Error && e.name === 'ConsumerStartError' ? e.message : describeKafkaError(e, this.cluster.bootstrapServers.join(', ')).message;
      this.status(message, 'error');
      this.postCounts();
      ended({ kind: 'error', message });
    }
  }

  private readEnded(reason: EndReason): void {
    this.isReading = false;
    this.session = undefined;
    this.flushRefresh();
    const w = this.view.window;
    const counts = `${count(w.read)} read, ${count(w.size)} held${w.evicted ? `, ${count(w.evicted)} fell out of the window (max ${count(w.maxRecords)})` : ''}`;
    switch (reason.kind) {
      case 'stopped': this.status(`Stopped: ${counts}.`, 'info'); break;
      case 'limit':
      case 'end': this.status(`Read to the end: ${counts}.`, 'info'); break;
      case 'deleted': this.status(`${reason.message} The records already read stay in the window (${counts}).`, 'error'); break;
      case 'error': this.status(`${reason.message} (${counts})`, 'error'); break;
    }
  }

  async stopReading(why: 'stopped' | undefined): Promise<void> {
    const s = this.session;
    this.session = undefined;
    if (s) {
      await s.stop();
      if (why) await s.ended;
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => { this.refreshTimer = undefined; this.flushRefresh(); }, REFRESH_MS);
  }

  private flushRefresh(): void {
    if (this.refreshTimer) { clearTimeout(this.refreshTimer); this.refreshTimer = undefined; }
    this.view.refresh();
    this.postCounts();
  }

  private setFilter(spec: FilterSpec): void {
    const r = this.view.setFilter(spec);
    if (!r.ok) {
      this.post({ type: 'fieldError', scope: 'filter', field: r.field, error: r.error });
      return;
    }
    this.post({ type: 'fieldError', scope: 'filter', field: null, error: null });
    this.postCounts();
  }

  private sendRows(version: number, start: number, end: number): void {
    // Rows of an older version are not sent: the webview has asked (or will ask) for the current ones.
    if (version !== this.view.version) return;
    const rows = [];
    for (let i = start; i < Math.min(end, this.view.rows); i++) {
      const r = this.view.record(i) as ConsumedRecord;
      rows.push(toRow(i, r, this.decoding.decode(r)));
    }
    this.post({ type: 'rows', version, rows });
  }

  private sendDetail(version: number, index: number): void {
    const r = version === this.view.version ? this.view.record(index) : undefined;
    if (!r) {
      this.status('That row has moved (new records arrived or the filter changed): select it again.', 'warning');
      return;
    }
    this.selected = r;
    this.selectedIndex = index;
    this.post({ type: 'detail', detail: toDetail(index, r, this.decoding.decode(r)) });
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    this.readGeneration++;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    void this.session?.stop();
    this.host.disposed(this);
    this.postedEmitter.dispose();
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}
