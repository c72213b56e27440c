// PLACEHOLDER (owned by CORE)
import type { StartPosition } from '../rules/consumerOptions';

export type BrowseStart = StartPosition | { kind: 'range'; fromMs: number; toMs: number };
