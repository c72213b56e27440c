// Badges topic rows being consumed (see topicState.ts for why a decoration and not only the description).
import * as vscode from 'vscode';
import { CONSUMING_BADGE, parseTopicStatePath, TOPIC_STATE_SCHEME, topicStatePath } from './topicState';

/** The resource of a topic row: what the tree sets as its `resourceUri`. */
export function topicStateUri(clusterId: string, topic: string): vscode.Uri {
  return vscode.Uri.from({ scheme: TOPIC_STATE_SCHEME, path: topicStatePath(clusterId, topic) });
}

export class TopicStateDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;

  constructor(private readonly isConsuming: (clusterId: string, topic: string) => boolean) {}

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== TOPIC_STATE_SCHEME) return undefined;
    const ref = parseTopicStatePath(uri.path);
    if (!ref || !this.isConsuming(ref.clusterId, ref.topic)) return undefined;
    return new vscode.FileDecoration(CONSUMING_BADGE.badge, CONSUMING_BADGE.tooltip, new vscode.ThemeColor(CONSUMING_BADGE.color));
  }

  /**
   * A consumer started or stopped. The event does not say which topic, so all of this provider's
   * decorations are asked for again (only rows of this scheme are affected, and only the visible ones
   * are asked).
   */
  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
