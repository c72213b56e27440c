// Message templates for "Send ×N": literal text with placeholders that change per message.
// Shared by the extension (which renders what it sends) and the webview (which validates as you type),
// so it uses only what both a browser and Node have (globalThis.crypto). Faker placeholders are parsed
// here (fakerPlaceholder.ts) and generated through a resolver the caller injects: faker itself never
// enters this module or the webview.
import { FAKER_HELP, FakerPart, FakerResolver, formatFakerValue, parseFakerPlaceholder } from './fakerPlaceholder';

export type { FakerPart, FakerResolver };

/** One piece of a parsed template. */
export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'seq' }
  | { kind: 'uuid' }
  | { kind: 'timestamp' }
  | { kind: 'randomInt'; min: number; max: number }
  | FakerPart;

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** True when the template has at least one placeholder (so every message may differ). */
  readonly dynamic: boolean;
  /** True when the template has a faker placeholder (rendering it needs a FakerResolver). */
  readonly faker: boolean;
}

const BASIC_HELP = '{{seq}} (1…N), {{uuid}}, {{timestamp}} (ms since epoch), {{randomInt(a,b)}}';
export const PLACEHOLDER_HELP = `${BASIC_HELP}; realistic data from faker: ${FAKER_HELP}`;

const SIMPLE = /\{\{\s*([^{}]*?)\s*\}\}/y;
const FAKER_START = /\{\{\s*faker\./y;
const RANDOM_INT = /^randomInt\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$/;

function parsePlaceholder(body: string): TemplatePart | string {
  if (body.startsWith('faker.') || body === 'faker') return parseFakerPlaceholder(body);
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
  return `unknown placeholder {{${body}}}: use ${BASIC_HELP}, or a faker generator such as {{faker.person.firstName}}`;
}

/**
 * The placeholder starting at `at` (which holds `{{`): its end (after `}}`) and body, or undefined when
 * the `{{` starts none. `{{faker…(…)}}` may hold braces, brackets and strings in its JSON arguments, so
 * it ends at the first `}}` outside them; every other placeholder has no braces inside.
 */
export function placeholderAt(source: string, at: number): { end: number; body: string } | undefined {
  FAKER_START.lastIndex = at;
  if (FAKER_START.test(source)) {
    let depth = 0;
    for (let i = FAKER_START.lastIndex; i < source.length; i++) {
      const c = source[i];
      if (c === '"') {
        i++;
        while (i < source.length && source[i] !== '"') i += source[i] === '\\' ? 2 : 1;
      } else if (c === '(' || c === '[' || c === '{') depth++;
      else if ((c === ')' || c === ']' || (c === '}' && depth > 0))) depth--;
      else if (c === '}' && source[i + 1] === '}') return { end: i + 2, body: source.slice(at + 2, i).trim() };
    }
    return undefined;
  }
  SIMPLE.lastIndex = at;
  const m = SIMPLE.exec(source);
  return m ? { end: SIMPLE.lastIndex, body: m[1] } : undefined;
}

/** Counts the JSON string quotes in `text` (a backslash escapes the next character inside a string). */
function toggleString(text: string, inString: boolean): boolean {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '"') inString = !inString;
    else if (inString && text[i] === '\\') i++;
  }
  return inString;
}

/** Parses `source`, or returns a sentence saying which placeholder is wrong. */
export function parseTemplate(source: string): Template | { error: string } {
  const parts: TemplatePart[] = [];
  let last = 0;
  let dynamic = false;
  let faker = false;
  // Whether the text so far leaves us inside a JSON string: a faker value there is escaped for JSON.
  let inString = false;
  for (let at = source.indexOf('{{'); at >= 0; at = source.indexOf('{{', at)) {
    const found = placeholderAt(source, at);
    if (!found) { at++; continue; }
    if (at > last) {
      const text = source.slice(last, at);
      parts.push({ kind: 'text', text });
      inString = toggleString(text, inString);
    }
    const p = parsePlaceholder(found.body);
    if (typeof p === 'string') return { error: p };
    if (p.kind === 'faker') { p.inString = inString; faker = true; }
    parts.push(p);
    dynamic = true;
    last = at = found.end;
  }
  if (last < source.length) parts.push({ kind: 'text', text: source.slice(last) });
  return { source, parts, dynamic, faker };
}

/** Everything a rendering may depend on; tests pass fixed functions to get stable output. */
export interface RenderContext {
  seq: number;
  now?: () => number;
  uuid?: () => string;
  random?: () => number;
  /** Generates faker placeholders; required when the template has any (Template.faker). */
  faker?: FakerResolver;
  /** True when the value is sent as JSON: faker text is then written so that it stays valid JSON. */
  json?: boolean;
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
      case 'faker': {
        if (!ctx.faker) throw new Error(`${p.placeholder} needs faker, which this rendering was not given`);
        out += formatFakerValue(ctx.faker(p), !ctx.json ? 'text' : p.inString ? 'json-string' : 'json-value');
        break;
      }
    }
  }
  return out;
}
