// What the topic-change flows (configs, partitions, purge) share: the previews and the modal come from
// src/commands/previewDocuments.ts.
import type { PreviewDocuments } from '../commands/previewDocuments';
import type { Targets } from '../commands/targets';
import type { Services } from '../services';

/** What the topic-change flows need from the extension. */
export interface TopicChangeContext {
  services: Services;
  targets: Targets;
  previews: PreviewDocuments;
  /** Forgets the tree's cached rows under `key` (e.g. `<clusterId>/topics`) and redraws. */
  refresh(key: string): void;
}
