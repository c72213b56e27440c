// Which resource a topic row stands for, for the tree's file decorations, kept free of `vscode` so Node
// tests can check it. A topic row's `resourceUri` is `kafka-dev-topic-state:/<cluster id>/<topic>`: the
// decoration service matches it to TopicStateDecorations, which badges the topics being consumed. The
// badge sits at the right end of the row, where VS Code keeps it however long the topic's name is (the
// description, which also says "consuming", is cut off first).

export const TOPIC_STATE_SCHEME = 'kafka-dev-topic-state';

export interface TopicRef {
  clusterId: string;
  topic: string;
}

/**
 * The URI path of a topic row. Each part is percent-encoded: a cluster id can hold `/`, and the
 * decoration service treats a path below another path as its child.
 */
export function topicStatePath(clusterId: string, topic: string): string {
  return `/${encodeURIComponent(clusterId)}/${encodeURIComponent(topic)}`;
}

/** The topic a path of topicStatePath stands for; undefined for any other path. */
export function parseTopicStatePath(path: string): TopicRef | undefined {
  const m = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  try {
    return { clusterId: decodeURIComponent(m[1]), topic: decodeURIComponent(m[2]) };
  } catch {
    return undefined;
  }
}

/**
 * What the row of a topic being consumed carries at its right end. VS Code paints the label in the
 * decoration's colour too (setting explorer.decorations.colors), so the colour is the extension's own
 * (package.json contributes.colors): charts.green in dark themes, and in light ones a darker green than
 * charts.green (#388A34, about 4:1 on the light sidebar) that keeps the name at AA contrast (about 6:1).
 */
export const CONSUMING_BADGE = {
  badge: '●',
  tooltip: 'Being consumed by Kafka Dev (Stop Consumer ends it)',
  color: 'kafkaDev.consumingTopicForeground',
} as const;
