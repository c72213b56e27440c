// One Watch Lag panel (a webview) for one consumer group of one cluster. The extension samples the group's
// lag (LagSampler, only while the panel is visible) and keeps the history; the webview draws it and is
// re-created when the panel is shown again, asking for the history with 'ready'.
import * as vscode from 'vscode';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { Services } from '../services';
import { distRoot, panelHtml } from '../webviews/html';
import { LagInit, parseToHost, ToWebview } from './protocol';
import { LagSampler } from './sampler';

export const LAG_VIEW_TYPE = 'kafkaDev.lag';

export class LagPanel implements vscode.Disposable {
  readonly sampler: LagSampler;
  private readonly postedEmitter = new vscode.EventEmitter<ToWebview>();
  /** Every message sent to the webview, for extension-host tests. */
  readonly onDidPost = this.postedEmitter.event;
  private readonly subs: vscode.Disposable[] = [];
  private disposedFlag = false;

  private constructor(readonly panel: vscode.WebviewPanel, readonly cluster: ClusterConfig, readonly groupId: string,
    readonly intervalMs: number, private readonly services: Services, private readonly onDisposed: (p: LagPanel) => void) {
    const target = `${cluster.name} (${cluster.bootstrapServers.join(', ')})`;
    this.sampler = new LagSampler({
      groupId, target, intervalMs,
      read: async () => (await services.connections.get(cluster.id)).admin.groupLag(groupId),
      onSample: (sample) => this.post({ type: 'sample', sample, windowMs: this.sampler.history.windowMs }),
      onState: (state, at) => this.post({ type: 'state', state, at }),
    });
    panel.webview.html = panelHtml(panel.webview, services.context.extensionUri, 'lag', panel.title);
    this.subs.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.handle(m)),
      // Sampling only while someone can see it: a hidden tab costs the cluster nothing.
      panel.onDidChangeViewState((e) => (e.webviewPanel.visible ? this.sampler.start() : this.sampler.pause())),
      panel.onDidDispose(() => this.dispose()),
    );
    if (panel.visible) this.sampler.start();
  }

  static create(cluster: ClusterConfig, groupId: string, intervalMs: number, services: Services, onDisposed: (p: LagPanel) => void): LagPanel {
    const panel = vscode.window.createWebviewPanel(LAG_VIEW_TYPE, `Lag: ${groupId}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      // The history lives in the extension: a hidden webview need not be kept alive.
      retainContextWhenHidden: false,
      localResourceRoots: [distRoot(services.context.extensionUri)],
    });
    return new LagPanel(panel, cluster, groupId, intervalMs, services, onDisposed);
  }

  get disposed(): boolean { return this.disposedFlag; }

  reveal(): void { this.panel.reveal(); }

  /** Handles one message from the webview (public so extension-host tests can act as the webview). */
  handle(raw: unknown): void {
    const m = parseToHost(raw);
    if ('invalid' in m) {
      this.services.log.warn(`lag panel: ignored an invalid message from the webview: ${m.invalid}`);
      return;
    }
    if (m.type === 'ready') this.post({ type: 'init', init: this.init() });
  }

  init(): LagInit {
    const h = this.sampler.history;
    h.prune(Date.now());
    return {
      clusterName: this.cluster.name, groupId: this.groupId, intervalMs: this.intervalMs, windowMs: h.windowMs,
      samples: h.samples(), state: this.sampler.state, at: this.sampler.stateAt,
    };
  }

  post(m: ToWebview): void {
    if (this.disposedFlag) return;
    void this.panel.webview.postMessage(m);
    this.postedEmitter.fire(m);
  }

  dispose(): void {
    if (this.disposedFlag) return;
    this.disposedFlag = true;
    this.sampler.dispose();
    this.onDisposed(this);
    this.postedEmitter.dispose();
    for (const s of this.subs) s.dispose();
    this.panel.dispose();
  }
}
