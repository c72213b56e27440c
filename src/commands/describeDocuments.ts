// Describe Topic and Describe Group as read-only virtual documents (<scheme>:/<cluster id>/<name><suffix>):
// plain text that can be searched, copied and refreshed, each in a tab of its own; "Copy" yields the layout
// of Kafka's own tool. One provider and one set of commands (describe, refresh, copy) per kind of thing
// described; the kinds differ only in what they fetch and how they render it.
import * as vscode from 'vscode';
import type { ClusterAdmin } from '../kafka/admin/admin';
import { describeKafkaError } from '../kafka/client/errors';
import type { ClusterConfig } from '../kafka/rules/clusterConfig';
import { Services } from '../services';
import { registerCommand } from './register';

export interface DescribeKind<T> {
  scheme: string;
  /** Ends the document's path, e.g. '.describe' (its name shows in the tab). */
  suffix: string;
  /** 'topic', 'consumer group': in sentences. */
  noun: string;
  /** 'Topic', 'Group': in command titles ("Refresh Topic Description"). */
  title: string;
  /** The tool whose layout Copy yields, e.g. 'kafka-topics.sh --describe'. */
  layout: string;
  fetch(admin: ClusterAdmin, name: string): Promise<T>;
  render(d: T, clusterName: string): string;
  copyText(d: T): string;
}

export class DescribeDocuments<T> implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last description shown per document, for Copy. */
  private readonly last = new Map<string, T>();

  constructor(private readonly services: Services, readonly kind: DescribeKind<T>) {}

  uri(clusterId: string, name: string): vscode.Uri {
    return vscode.Uri.from({ scheme: this.kind.scheme, path: `/${encodeURIComponent(clusterId)}/${name}${this.kind.suffix}` });
  }

  parse(uri: vscode.Uri): { clusterId: string; name: string } | undefined {
    if (uri.scheme !== this.kind.scheme || !uri.path.endsWith(this.kind.suffix)) return undefined;
    const m = /^\/([^/]+)\/(.+)$/.exec(uri.path.slice(0, -this.kind.suffix.length));
    return m ? { clusterId: decodeURIComponent(m[1]), name: m[2] } : undefined;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const { noun, title } = this.kind;
    const p = this.parse(uri);
    if (!p) return `Not a ${noun} description: ${uri.toString()}`;
    const cluster = this.services.clusters.get(p.clusterId);
    if (!cluster) return `The cluster of this description (id ${p.clusterId}) was removed.`;
    try {
      const d = await this.kind.fetch((await this.services.connections.get(p.clusterId)).admin, p.name);
      this.last.set(uri.toString(), d);
      return `${this.kind.render(d, cluster.name)}\n(described ${new Date().toISOString()}; Kafka: Refresh ${title} Description to update)\n`;
    } catch (e) {
      this.last.delete(uri.toString());
      const msg = e instanceof Error && !/KafkaJS/.test(e.name) ? e.message : describeKafkaError(e, cluster.bootstrapServers.join(', ')).message;
      return `Could not describe ${noun} ${p.name} on ${cluster.name}:\n${msg}\n\nRun "Kafka: Refresh ${title} Description" to try again.\n`;
    }
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  /** The text in Kafka's tool's layout of the description shown in `uri`; undefined when none. */
  copyText(uri: vscode.Uri): string | undefined {
    const d = this.last.get(uri.toString());
    return d === undefined ? undefined : this.kind.copyText(d);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * Registers the provider and the three commands `kafkaDev.describe<Title>`, `kafkaDev.refresh<Title>Description`
 * and `kafkaDev.copy<Title>Description`; `resolve` finds what to describe from a tree row, a request or a pick.
 */
export function registerDescribe<T, A>(services: Services, kind: DescribeKind<T>,
  resolve: (arg: A | undefined, prompt: string) => Promise<{ cluster: ClusterConfig; name: string } | undefined>): DescribeDocuments<T> {
  const docs = new DescribeDocuments(services, kind);
  services.context.subscriptions.push(docs, vscode.workspace.registerTextDocumentContentProvider(kind.scheme, docs));
  const { title, noun } = kind;
  registerCommand(services, `kafkaDev.describe${title}`, `Describe ${title}`, async (arg?: A): Promise<vscode.Uri | undefined> => {
    const t = await resolve(arg, `Describe which ${noun}?`);
    if (!t) return undefined;
    const uri = docs.uri(t.cluster.id, t.name);
    docs.refresh(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    // A normal tab, not a preview: describing a second one must not replace the first description.
    await vscode.window.showTextDocument(doc, { preview: false });
    return uri;
  });
  const shown = (uri?: vscode.Uri): vscode.Uri | undefined => {
    const u = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    return u?.scheme === kind.scheme ? u : undefined;
  };
  registerCommand(services, `kafkaDev.refresh${title}Description`, `Refresh ${title} Description`, (uri?: vscode.Uri) => {
    const u = shown(uri);
    if (u) docs.refresh(u);
  });
  registerCommand(services, `kafkaDev.copy${title}Description`, `Copy ${title} Description`, async (uri?: vscode.Uri): Promise<string | undefined> => {
    const u = shown(uri);
    const text = u ? docs.copyText(u) : undefined;
    if (!text) {
      void vscode.window.showWarningMessage(`Open a ${noun} description first (Kafka: Describe ${title}); nothing was copied.`);
      return undefined;
    }
    await vscode.env.clipboard.writeText(text);
    void vscode.window.setStatusBarMessage(`Copied in ${kind.layout} layout`, 3000);
    return text;
  });
  return docs;
}
