// Consumer Groups refresh themselves while a person looks at them: a timer (kafkaDev.groups.refreshSeconds)
// runs only while some cluster's Consumer Groups node is expanded, its cluster expanded and the view
// visible. Each tick re-reads the groups (with their lag) and redraws only the rows whose text changed.
import * as vscode from 'vscode';
import { reportSettingProblems } from '../settings/report';
import { ExplorerNode } from './nodes';
import { groupsRefreshSeconds } from './settings';

/** What the timer needs from the tree's provider. */
export interface GroupsPoller {
  pollGroups(clusterId: string): Promise<void>;
}

export class GroupsAutoRefresh implements vscode.Disposable {
  private readonly expandedClusters = new Set<string>();
  private readonly expandedGroups = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private period = 0;
  private running = false;
  private readonly subs: vscode.Disposable[];

  constructor(private readonly view: vscode.TreeView<ExplorerNode>, private readonly poller: GroupsPoller,
    private readonly clusterIds: () => string[]) {
    this.subs = [
      view.onDidExpandElement(({ element: n }) => {
        if (n.kind === 'cluster') this.expandedClusters.add(n.cluster.id);
        if (n.kind === 'groups') this.expandedGroups.add(n.cluster.id);
        this.update();
      }),
      view.onDidCollapseElement(({ element: n }) => {
        if (n.kind === 'cluster') this.expandedClusters.delete(n.cluster.id);
        if (n.kind === 'groups') this.expandedGroups.delete(n.cluster.id);
        this.update();
      }),
      view.onDidChangeVisibility(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kafkaDev.groups.refreshSeconds')) this.update();
      }),
    ];
    this.update();
  }

  /** The clusters whose groups the timer refreshes now (expanded, visible, still configured). */
  watched(): string[] {
    if (!this.view.visible) return [];
    const known = new Set(this.clusterIds());
    return [...this.expandedGroups].filter((id) => this.expandedClusters.has(id) && known.has(id));
  }

  /** A cluster removed (or changed): forget its expansion; the tree shows it collapsed again. */
  forgetRemoved(): void {
    const known = new Set(this.clusterIds());
    for (const set of [this.expandedClusters, this.expandedGroups]) for (const id of set) if (!known.has(id)) set.delete(id);
    this.update();
  }

  /** The setting, checked; a bad value is reported once (with Open Settings) by the one settings reporter. */
  private seconds(): number {
    const setting = 'kafkaDev.groups.refreshSeconds';
    const r = groupsRefreshSeconds(vscode.workspace.getConfiguration('kafkaDev').get<unknown>('groups.refreshSeconds'));
    reportSettingProblems(setting, r.error ? [{ setting, message: r.error }] : []);
    return r.seconds;
  }

  /** Starts, restarts or stops the timer to match what is expanded and visible. */
  private update(): void {
    const seconds = this.seconds();
    const want = seconds > 0 && this.watched().length > 0 ? seconds * 1000 : 0;
    if (want === this.period && (want === 0) === !this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.period = want;
    if (want) this.timer = setInterval(() => void this.tick(), want);
  }

  /** True while the timer runs (tests read it). */
  get active(): boolean {
    return this.timer !== undefined;
  }

  private async tick(): Promise<void> {
    // A slow cluster must not pile up overlapping refreshes.
    if (this.running) return;
    this.running = true;
    try {
      await Promise.all(this.watched().map((id) => this.poller.pollGroups(id)));
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    for (const s of this.subs) s.dispose();
  }
}
