// `Kafka: Produce Message`: from a topic in the tree (context menu and inline), the view title, or the
// palette (which asks for cluster and topic). One panel per cluster/topic; opening it again focuses it.
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { emptyDraft, ProduceDraft } from '../kafka/rules/produceValidation';
import { registerCommand } from '../commands/register';
import { Targets } from '../commands/targets';
import { Services } from '../services';
import { PanelHost, ProducerPanel } from './panel';
import { ProducerPool } from './producerPool';

/** What the producer feature exposes on KafkaDevApi (extension-host tests use it). */
export interface ProducerFeature {
  readonly pool: ProducerPool;
  /**
   * Opens (or focuses) the panel for this cluster and topic; with a draft, puts it in the form (not sent):
   * fields it leaves out take the defaults of an empty form, and the topic is always `topic`.
   */
  open(cluster: ClusterConfig, topic: string, draft?: Partial<ProduceDraft>): ProducerPanel;
  find(clusterId: string, topic: string): ProducerPanel | undefined;
  readonly panels: readonly ProducerPanel[];
}

const panelKey = (clusterId: string, topic: string): string => `${clusterId}\u0000${topic}`;

export function registerProducer(services: Services): ProducerFeature {
  const pool = new ProducerPool(services);
  const panels = new Map<string, ProducerPanel>();

  const host: PanelHost = {
    services,
    pool,
    topicChanged(panel, previousTopic) {
      const old = panelKey(panel.cluster.id, previousTopic);
      if (panels.get(old) === panel) panels.delete(old);
      // If another panel already shows the new topic, that one stays the one "reopen" focuses.
      const key = panelKey(panel.cluster.id, panel.topic);
      if (!panels.has(key)) panels.set(key, panel);
    },
    disposed(panel) {
      for (const [k, p] of panels) if (p === panel) panels.delete(k);
    },
  };

  const feature: ProducerFeature = {
    pool,
    open(cluster, topic, draft) {
      let p = panels.get(panelKey(cluster.id, topic));
      if (p) p.reveal();
      else {
        p = ProducerPanel.create(cluster, topic, host);
        panels.set(panelKey(cluster.id, topic), p);
      }
      if (draft) {
        const base = emptyDraft(topic);
        p.showDraft({ ...base, ...draft, headers: (draft.headers ?? []).map((h) => ({ name: h.name, value: h.value })), topic });
      }
      return p;
    },
    find: (clusterId, topic) => panels.get(panelKey(clusterId, topic)),
    get panels() { return [...new Set(panels.values())]; },
  };

  services.context.subscriptions.push(
    pool,
    { dispose: () => { for (const p of feature.panels) p.dispose(); } },
  );
  const targets = new Targets(services);
  registerCommand(services, 'kafkaDev.produceMessage', 'Produce Message', async (arg?: unknown) => {
    const t = await targets.topic(arg, 'Produce Message');
    if (t) feature.open(t.cluster, t.topic);
  });
  return feature;
}
