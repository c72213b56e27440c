// JSON text as a tree in which numbers keep their text: a value typed for an int64 or a decimal is checked
// and encoded exactly, never through a rounded JavaScript number. Syntax errors name line and column.
import type { SchemaFieldError } from './types';

export type JNode =
  | { k: 'num'; text: string }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'null' }
  | { k: 'arr'; items: JNode[] }
  | { k: 'obj'; entries: Map<string, JNode> };

class SyntaxFault extends Error {
  constructor(readonly at: number, message: string) {
    super(message);
  }
}

const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

export function parseJsonTree(text: string): { node: JNode } | { error: SchemaFieldError } {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const value = (depth: number): JNode => {
    if (depth > 500) throw new SyntaxFault(i, 'nested more than 500 levels deep');
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries = new Map<string, JNode>();
      ws();
      if (text[i] === '}') { i++; return { k: 'obj', entries }; }
      for (;;) {
        ws();
        if (text[i] !== '"') throw new SyntaxFault(i, 'expected a "quoted" member name');
        const key = str();
        ws();
        if (text[i] !== ':') throw new SyntaxFault(i, `expected ":" after ${JSON.stringify(key)}`);
        i++;
        entries.set(key, value(depth + 1));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return { k: 'obj', entries }; }
        throw new SyntaxFault(i, 'expected "," or "}" after a member');
      }
    }
    if (c === '[') {
      i++;
      const items: JNode[] = [];
      ws();
      if (text[i] === ']') { i++; return { k: 'arr', items }; }
      for (;;) {
        items.push(value(depth + 1));
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return { k: 'arr', items }; }
        throw new SyntaxFault(i, 'expected "," or "]" after an element');
      }
    }
    if (c === '"') return { k: 'str', v: str() };
    for (const [word, node] of [['true', { k: 'bool', v: true }], ['false', { k: 'bool', v: false }], ['null', { k: 'null' }]] as const) {
      if (text.startsWith(word, i)) { i += word.length; return node; }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m) { i += m[0].length; return { k: 'num', text: m[0] }; }
    throw new SyntaxFault(i, i >= text.length ? 'the text ends where a value should be' : `unexpected ${JSON.stringify(text[i])} where a value should be`);
  };
  const str = (): string => {
    STRING.lastIndex = i;
    const m = STRING.exec(text);
    if (!m) throw new SyntaxFault(i, 'a string that is not closed or has a bad escape or a raw control character');
    i += m[0].length;
    return JSON.parse(m[0]) as string;
  };
  try {
    const node = value(0);
    ws();
    if (i < text.length) throw new SyntaxFault(i, `unexpected ${JSON.stringify(text[i])} after the value`);
    return { node };
  } catch (e) {
    if (!(e instanceof SyntaxFault)) throw e;
    const before = text.slice(0, e.at).split('\n');
    return { error: { path: '', message: `not JSON: line ${before.length}, column ${before[before.length - 1].length + 1}: ${e.message}` } };
  }
}

/** A plain JS value (numbers as doubles) for validators that only check shapes and ranges. */
export function toPlain(n: JNode): unknown {
  switch (n.k) {
    case 'num': return Number(n.text);
    case 'str': case 'bool': return n.v;
    case 'null': return null;
    case 'arr': return n.items.map(toPlain);
    case 'obj': return Object.fromEntries([...n.entries].map(([k, v]) => [k, toPlain(v)]));
  }
}

/** Compact JSON text of the tree, numbers exactly as typed. */
export function compactText(n: JNode): string {
  switch (n.k) {
    case 'num': return n.text;
    case 'str': return JSON.stringify(n.v);
    case 'bool': return String(n.v);
    case 'null': return 'null';
    case 'arr': return `[${n.items.map(compactText).join(',')}]`;
    case 'obj': return `{${[...n.entries].map(([k, v]) => `${JSON.stringify(k)}:${compactText(v)}`).join(',')}}`;
  }
}

/** One JSON Pointer step (RFC 6901 escapes). */
export const ptr = (base: string, key: string | number): string => `${base}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

export const kindName = (n: JNode): string => ({ num: 'a number', str: 'a string', bool: 'a boolean', null: 'null', arr: 'an array', obj: 'an object' })[n.k];

/** A JSON number's text as a BigInt when it is a whole number (1e3 and 5.0 count), else undefined. */
export function wholeNumber(text: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const exp = Number(m[4] ?? 0);
  let digits = m[2] + (m[3] ?? '');
  let scale = (m[3] ?? '').length - exp;
  if (scale > 400 || scale < -400) return undefined;
  while (scale > 0 && digits.endsWith('0')) { digits = digits.slice(0, -1); scale--; }
  if (scale > 0) return undefined;
  return BigInt(m[1] + digits + '0'.repeat(-scale));
}
