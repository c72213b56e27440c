// The messages between the Watch Lag webview and the extension. Imported by both sides (type-only on the
// webview side), so it imports nothing that needs Node or `vscode`. The history lives in the extension
// (src/kafka/rules/lagHistory.ts): a webview re-created after the panel was hidden asks for it again.
import type { LagSample } from '../kafka/rules/lagHistory';

export type { LagSample };

/** What the panel says about its sampling, above the chart. */
export type LagState =
  /** Before the first answer. */
  | { kind: 'waiting' }
  | { kind: 'ok' }
  /** The group has no committed offsets: never committed, deleted, or its offsets expired. */
  | { kind: 'noOffsets'; message: string }
  /** The cluster did not answer (or refused): the chart stops at `since`, and sampling goes on. */
  | { kind: 'unreachable'; message: string; since: number }
  /** The panel is hidden: no samples are taken meanwhile. */
  | { kind: 'paused' };

export interface LagInit {
  clusterName: string;
  groupId: string;
  /** How often a sample is taken while the panel is visible. */
  intervalMs: number;
  /** How far back the history goes (30 minutes). */
  windowMs: number;
  samples: LagSample[];
  state: LagState;
  /** When the state was last updated (the chart's time axis reaches at least this far). */
  at: number;
}

/** Webview → extension. Untrusted until src/lag/panel.ts has parsed it. */
export type ToHost = { type: 'ready' };

/** Extension → webview. */
export type ToWebview =
  | { type: 'init'; init: LagInit }
  | { type: 'sample'; sample: LagSample; windowMs: number }
  | { type: 'state'; state: LagState; at: number };

/** The message a webview may send, or why not. */
export function parseToHost(x: unknown): ToHost | { invalid: string } {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return { invalid: 'not an object' };
  const t = (x as { type?: unknown }).type;
  if (t === 'ready') return { type: 'ready' };
  return { invalid: `unknown message type ${JSON.stringify(t)?.slice(0, 40) ?? 'undefined'}` };
}
