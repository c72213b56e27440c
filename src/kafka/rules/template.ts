// Message templates for "Send ×N": literal text with placeholders that change per message.
// Shared by the extension (which renders what it sends) and the webview (which validates as you type),
// so it uses only what both a browser and Node have (globalThis.crypto).

/** One piece of a parsed template. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'seq' }
  | { kind: 'uuid' }
  | { kind: 'timestamp' }
  | { kind: 'randomInt'; min: number; max: number };

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** True when the template has at least one placeholder (so every message may differ). */
  readonly dynamic: boolean;
}

export const PLACEHOLDER_HELP = '{{seq}} (1…N), {{uuid}}, {{timestamp}} (ms since epoch), {{randomInt(a,b)}}';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const RANDOM_INT = /^randomInt\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/;

function parsePlaceholder(body: string): TemplatePart | string {
  switch (body) {
    case 'seq': return { kind: 'seq' };
    case 'uuid': return { kind: 'uuid' };
    case 'timestamp': return { kind: 'timestamp' };
  }
  const m = RANDOM_INT.exec(body);
  if (m) {
    const min = Number(m[1]);
    const max = Number(m[2]);
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return `{{${body}}}: bounds must be integers within ±2^53`;
    if (min > max) return `{{${body}}}: the first bound (${min}) is greater than the second (${max})`;
    return { kind: 'randomInt', min, max };
  }
  if (/^randomInt\b/.test(body)) return `{{${body}}} is not valid: write {{randomInt(a,b)}} with two integers, e.g. {{randomInt(1,100)}}`;
  return `unknown placeholder {{${body}}}: use ${PLACEHOLDER_HELP}`;
}

/** Parses `source`, or returns a sentence saying which placeholder is wrong. */
export function parseTemplate(source: string): Template | { error: string } {
  const parts: TemplatePart[] = [];
  let last = 0;
  let dynamic = false;
  for (const m of source.matchAll(PLACEHOLDER)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ kind: 'text', text: source.slice(last, at) });
    const p = parsePlaceholder(m[1]);
    if (typeof p === 'string') return { error: p };
    parts.push(p);
    dynamic = true;
    last = at + m[0].length;
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last) });
  return { source, parts, dynamic };
}

/** Everything a rendering may depend on; tests pass fixed functions to get stable output. */
export interface RenderContext {
  seq: number;
  now?: () => number;
  uuid?: () => string;
  random?: () => number;
}

const defaultUuid = (): string => globalThis.crypto.randomUUID();

export function renderTemplate(t: Template, ctx: RenderContext): string {
  if (!t.dynamic) return t.source;
  let out = '';
  for (const p of t.parts) {
    switch (p.kind) {
      case 'text': out += p.text; break;
      case 'seq': out += String(ctx.seq); break;
      case 'uuid': out += (ctx.uuid ?? defaultUuid)(); break;
      case 'timestamp': out += String((ctx.now ?? Date.now)()); break;
      case 'randomInt': out += String(p.min + Math.floor((ctx.random ?? Math.random)() * (p.max - p.min + 1))); break;
    }
  }
  return out;
}
