// `Kafka: Browse Messages`: from a topic in the tree (context menu and inline), the palette (cluster and
// topic picks), or the link on the header line of a consumer's Output channel. One panel per
// cluster/topic; opening it again focuses it.
import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { isTopicRef, Targets } from '../commands/targets';
import { RECORDS_LANGUAGE } from '../consumer/consumerManager';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { Services } from '../services';
import { ActionDeps, exportRows, OpenProducer, RECORD_SCHEME, recordAction, RecordDocuments } from './actions';
import { BrowserHost, BrowserPanel } from './panel';
import { cancelSearch, runSearch } from './searchRun';
import { readMaxRecords } from './settings';

/** What the browser exposes on KafkaDevApi (extension-host tests use it). */
export interface BrowserFeature {
  /** Opens (or focuses) the panel for this cluster and topic; a new panel starts reading at once. */
  open(cluster: ClusterConfig, topic: string): BrowserPanel;
  find(clusterId: string, topic: string): BrowserPanel | undefined;
  readonly panels: readonly BrowserPanel[];
  /** What the last Copy action put on the clipboard. */
  readonly copied: { text?: string };
}

/** How a link in a consumer channel asks for the browser (a command URI's argument). */
export interface BrowseLinkArgs { clusterId: string; topic: string; via: 'link' }

const panelKey = (clusterId: string, topic: string): string => `${clusterId}\u0000${topic}`;

/**
 * Links the topic name on a consumer channel's header line (`--- Consuming "orders" … on local (…)`) to
 * Browse Messages for that cluster and topic.
 */
class ChannelLinks implements vscode.DocumentLinkProvider {
  constructor(private readonly services: Services) {}

  provideDocumentLinks(doc: vscode.TextDocument): vscode.DocumentLink[] {
    const links: vscode.DocumentLink[] = [];
    const clusters = this.services.clusters.list();
    // Header lines are written once per start; a long channel is only scanned at its start and end.
    const lines = doc.lineCount <= 4_000 ? [...Array(doc.lineCount).keys()]
      : [...Array(2_000).keys(), ...Array.from({ length: 2_000 }, (_, i) => doc.lineCount - 2_000 + i)];
    for (const n of lines) {
      const text = doc.lineAt(n).text;
      const m = /^--- Consuming "([^"]+)" /.exec(text);
      if (!m) continue;
      const c = clusters.find((x) => text.includes(` on ${x.name} (${x.bootstrapServers.join(', ')})`));
      if (!c) continue;
      const args: BrowseLinkArgs = { clusterId: c.id, topic: m[1], via: 'link' };
      const link = new vscode.DocumentLink(new vscode.Range(n, 14, n, 14 + m[1].length + 2),
        vscode.Uri.parse(`command:kafkaDev.browseMessages?${encodeURIComponent(JSON.stringify([args]))}`));
      link.tooltip = `Browse the messages of ${m[1]} on ${c.name}`;
      links.push(link);
    }
    return links;
  }
}

export function registerBrowser(services: Services, openProducer: OpenProducer): BrowserFeature {
  const panels = new Map<string, BrowserPanel>();
  const documents = new RecordDocuments();
  const copied: { text?: string } = {};
  const deps: ActionDeps = { services, documents, openProducer, copied };
  const host: BrowserHost = {
    services,
    disposed(panel) {
      for (const [k, p] of panels) if (p === panel) panels.delete(k);
    },
    action: (panel, action) => recordAction(deps, panel, action),
    search: (panel, request) => runSearch(services, panel, request),
    cancelSearch: (panel) => cancelSearch(panel),
    exportRows: (panel, which) => exportRows(services, panel, which),
  };

  const feature: BrowserFeature = {
    open(cluster, topic) {
      const existing = panels.get(panelKey(cluster.id, topic));
      if (existing) {
        existing.reveal();
        return existing;
      }
      const p = BrowserPanel.create(cluster, topic, readMaxRecords(), host);
      panels.set(panelKey(cluster.id, topic), p);
      return p;
    },
    find: (clusterId, topic) => panels.get(panelKey(clusterId, topic)),
    get panels() { return [...panels.values()]; },
    copied,
  };

  services.context.subscriptions.push(
    { dispose: () => { for (const p of feature.panels) p.dispose(); } },
    vscode.workspace.registerTextDocumentContentProvider(RECORD_SCHEME, documents),
    vscode.languages.registerDocumentLinkProvider({ language: RECORDS_LANGUAGE }, new ChannelLinks(services)),
  );
  const targets = new Targets(services);
  registerCommand(services, 'kafkaDev.browseMessages', 'Browse Messages', async (arg?: unknown) => {
    try {
      const t = await targets.topic(arg, 'Browse Messages');
      return t ? feature.open(t.cluster, t.topic) : undefined;
    } catch (e) {
      // A link in an Output channel is a click, not a script: its errors go to the person.
      if (isTopicRef(arg) && (arg as Partial<BrowseLinkArgs>).via === 'link') {
        void vscode.window.showErrorMessage(`Browse Messages: ${(e as Error).message}`);
        return undefined;
      }
      throw e;
    }
  });
  return feature;
}
