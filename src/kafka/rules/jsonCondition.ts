// The JSON field condition of the record filter: `user.id == 42`, `amount > 100 and not cancelled exists`,
// `status in ("failed", "timeout")`. The grammar (see README "Filter language"):
//   cond    := or ;  or := and (("or" | "||") and)* ;  and := unary (("and" | "&&") unary)*
//   unary   := ("not" | "!") unary | "(" cond ")" | path test
//   test    := ("==" | "!=" | ">" | ">=" | "<" | "<=") literal | "in" "(" literal ("," literal)* ")"
//            | "contains" string | "exists"
//   path    := ["."] step ("." name | "[" index "]" | "[" string "]")* ;  step := name | "[" index "]" | "[" string "]"
//   literal := number | "string" | 'string' | true | false | null
// A missing field compares as null (as in jq); `exists` tells a missing field from a null one. Numbers
// compare by value, exactly (BigInt) when both sides are integers; strings by character codes; values of
// different types are only ever unequal. Pure: the webview bundles it for errors as you type.
import { JsonVal, newNode, PathNode, scanJson } from './jsonScan';

export type Lit = { t: 'num'; text: string; n: number; big?: bigint } | { t: 'str'; s: string } | { t: 'bool'; b: boolean } | { t: 'null' };
export type Op = '==' | '!=' | '>' | '>=' | '<' | '<=';
export type Cond =
  | { k: 'and' | 'or'; a: Cond; b: Cond }
  | { k: 'not'; a: Cond }
  | { k: 'cmp'; slot: number; op: Op; lit: Lit }
  | { k: 'in'; slot: number; lits: Lit[] }
  | { k: 'contains'; slot: number; s: string }
  | { k: 'exists'; slot: number };

interface Tok { kind: 'name' | 'num' | 'str' | 'punct' | 'end'; text: string; col: number; value?: string }

export class ConditionError extends Error {}

const WORDS = new Set(['and', 'or', 'not', 'in', 'contains', 'exists', 'true', 'false', 'null']);
const PUNCT = ['==', '!=', '>=', '<=', '&&', '||', '>', '<', '!', '(', ')', '[', ']', '.', ',', '='];

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    const col = i + 1;
    const name = /^[A-Za-z_$][\w$-]*/.exec(src.slice(i));
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(src.slice(i));
    if (num && (c === '-' || /\d/.test(c))) {
      if (/^[\w.]/.test(src.slice(i + num[0].length))) throw new ConditionError(`column ${col}: "${/^\S+/.exec(src.slice(i))?.[0]}" is not a number (write e.g. 42, -1.5, 1e6)`);
      out.push({ kind: 'num', text: num[0], col });
      i += num[0].length;
    } else if (name) {
      out.push({ kind: 'name', text: name[0], col });
      i += name[0].length;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      let v = '';
      for (; j < src.length && src[j] !== c; j++) {
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[++j];
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '/': '/', b: '\b', f: '\f' };
          if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(src.slice(j + 1, j + 5))) { v += String.fromCharCode(parseInt(src.slice(j + 1, j + 5), 16)); j += 4; }
          else if (map[e] !== undefined) v += map[e];
          else throw new ConditionError(`column ${j}: \\${e} is not an escape: use \\\\, \\${c}, \\n, \\t or \\uXXXX`);
        } else v += src[j];
      }
      if (j >= src.length) throw new ConditionError(`column ${col}: the string that starts here has no closing ${c}`);
      out.push({ kind: 'str', text: src.slice(i, j + 1), col, value: v });
      i = j + 1;
    } else {
      const p = PUNCT.find((x) => src.startsWith(x, i));
      if (!p) throw new ConditionError(`column ${col}: unexpected character "${c}"`);
      out.push({ kind: 'punct', text: p, col });
      i += p.length;
    }
  }
  out.push({ kind: 'end', text: '', col: src.length + 1 });
  return out;
}

const shown = (t: Tok): string => (t.kind === 'end' ? 'the end of the condition' : `"${t.text}"`);
const OPS = '==, !=, >, >=, <, <=, in (…), contains "…" or exists';

export interface ParsedCondition {
  root: PathNode;
  slots: number;
  /** The condition's tree (the byte path in jsonBytesMatch.ts evaluates it on its own slots). */
  cond: Cond;
  test(slots: ReadonlyArray<JsonVal | undefined>): boolean;
}

/** Parses a condition; throws ConditionError saying what was expected and at which column. */
export function parseCondition(src: string): ParsedCondition {
  const toks = tokenize(src);
  let k = 0;
  const root = newNode();
  const paths = new Map<string, number>();
  const peek = (): Tok => toks[k];
  const is = (...texts: string[]): boolean => (peek().kind === 'punct' || peek().kind === 'name') && texts.includes(peek().text);
  const fail = (expected: string): never => { throw new ConditionError(`column ${peek().col}: expected ${expected}, found ${shown(peek())}`); };

  const path = (): number => {
    const steps: Array<string | number> = [];
    if (is('.')) k++;
    for (let first = true; ; first = false) {
      const t = peek();
      if (t.kind === 'name' && (first || toks[k - 1].text === '.')) {
        if (first && WORDS.has(t.text)) fail(`a field name (write ["${t.text}"] for a field named ${t.text})`);
        steps.push(t.text); k++;
      } else if (is('[')) {
        k++;
        const i = peek();
        if (i.kind === 'num' && /^\d+$/.test(i.text)) steps.push(Number(i.text));
        else if (i.kind === 'str') steps.push(i.value as string);
        else fail('an array index (0, 1, …) or a quoted field name after "["');
        k++;
        if (!is(']')) fail('"]"');
        k++;
      } else if (first) fail('a field name such as user.id, items[0] or ["odd key"]');
      else if (toks[k - 1].text === '.') fail('a field name after "."');
      if (is('.')) { k++; continue; }
      if (is('[')) continue;
      break;
    }
    const key = JSON.stringify(steps);
    const known = paths.get(key);
    if (known !== undefined) return known;
    const slot = paths.size;
    paths.set(key, slot);
    let node = root;
    for (const s of steps) {
      const m = typeof s === 'number' ? node.items : node.keys;
      let next = (m as Map<string | number, PathNode>).get(s);
      if (!next) { next = newNode(); (m as Map<string | number, PathNode>).set(s, next); }
      node.below.push(slot);
      node = next;
    }
    node.slot = slot;
    return slot;
  };

  const literal = (): Lit => {
    const t = peek();
    k++;
    if (t.kind === 'num') {
      const int = /^-?\d+$/.test(t.text);
      return { t: 'num', text: t.text, n: Number(t.text), big: int ? BigInt(t.text) : undefined };
    }
    if (t.kind === 'str') return { t: 'str', s: t.value as string };
    if (t.kind === 'name' && (t.text === 'true' || t.text === 'false')) return { t: 'bool', b: t.text === 'true' };
    if (t.kind === 'name' && t.text === 'null') return { t: 'null' };
    k--;
    return fail(`a value (a number, a "string", true, false or null) after ${shown(toks[k - 1])}`);
  };

  const test = (): Cond => {
    const at = peek();
    const slot = path();
    if (is('==', '!=', '>', '>=', '<', '<=')) { const op = peek().text as Op; k++; return { k: 'cmp', slot, op, lit: literal() }; }
    if (is('=')) throw new ConditionError(`column ${peek().col}: "=" is not an operator: write == to compare`);
    if (is('exists')) { k++; return { k: 'exists', slot }; }
    if (is('contains')) {
      k++;
      const t = peek();
      if (t.kind !== 'str') fail('a "string" after contains');
      k++;
      return { k: 'contains', slot, s: t.value as string };
    }
    if (is('in')) {
      k++;
      if (!is('(')) fail('"(" after in, as in status in ("failed", "timeout")');
      k++;
      const lits = [literal()];
      while (is(',')) { k++; lits.push(literal()); }
      if (!is(')')) fail('"," or ")" in the list after in');
      k++;
      return { k: 'in', slot, lits };
    }
    return fail(`an operator (${OPS}) after ${src.slice(at.col - 1, peek().col - 1).trim()}`);
  };

  const unary = (): Cond => {
    if (is('not', '!')) { k++; return { k: 'not', a: unary() }; }
    if (is('(')) {
      k++;
      const c = or();
      if (!is(')')) fail('")" or and/or');
      k++;
      return c;
    }
    return test();
  };
  const and = (): Cond => {
    let c = unary();
    while (is('and', '&&')) { k++; c = { k: 'and', a: c, b: unary() }; }
    return c;
  };
  const or = (): Cond => {
    let c = and();
    while (is('or', '||')) { k++; c = { k: 'or', a: c, b: and() }; }
    return c;
  };

  if (peek().kind === 'end') throw new ConditionError('the condition is empty: write e.g. user.id == 42');
  const cond = or();
  if (peek().kind !== 'end') fail('and, or, or the end of the condition');
  return { root, slots: paths.size, cond, test: (slots) => evaluate(cond, slots) };
}

function evaluate(c: Cond, slots: ReadonlyArray<JsonVal | undefined>): boolean {
  switch (c.k) {
    case 'and': return evaluate(c.a, slots) && evaluate(c.b, slots);
    case 'or': return evaluate(c.a, slots) || evaluate(c.b, slots);
    case 'not': return !evaluate(c.a, slots);
    case 'exists': return slots[c.slot] !== undefined;
    case 'contains': { const v = slots[c.slot]; return v?.t === 'str' && v.s.includes(c.s); }
    case 'in': { const v = slots[c.slot]; return c.lits.some((l) => equal(v, l)); }
    case 'cmp': {
      const v = slots[c.slot];
      if (c.op === '==') return equal(v, c.lit);
      if (c.op === '!=') return !equal(v, c.lit);
      const o = order(v, c.lit);
      if (o === undefined) return false;
      return c.op === '>' ? o > 0 : c.op === '>=' ? o >= 0 : c.op === '<' ? o < 0 : o <= 0;
    }
  }
}

export function equal(v: JsonVal | undefined, l: Lit): boolean {
  const x = v ?? { t: 'null' };
  if (x.t === 'num' && l.t === 'num') return compareNum(x.text, l) === 0;
  if (x.t === 'str' && l.t === 'str') return x.s === l.s;
  if (x.t === 'bool' && l.t === 'bool') return x.b === l.b;
  return x.t === 'null' && l.t === 'null';
}

/** Sign of v − l for two numbers or two strings; undefined for anything else. */
export function order(v: JsonVal | undefined, l: Lit): number | undefined {
  if (v?.t === 'num' && l.t === 'num') return compareNum(v.text, l);
  if (v?.t === 'str' && l.t === 'str') return v.s < l.s ? -1 : v.s > l.s ? 1 : 0;
  return undefined;
}

/** Integer texts this long or shorter compare as doubles (exact: 15 digits are below 2^53). */
export const SAFE_DIGITS = 15;

export function compareNum(text: string, l: Extract<Lit, { t: 'num' }>): number {
  // Both integers: exactly, by BigInt, unless both are short enough for a double to hold them.
  if (l.big !== undefined && /^-?\d+$/.test(text) && (text.length > SAFE_DIGITS || l.text.length > SAFE_DIGITS)) {
    const a = BigInt(text);
    return a < l.big ? -1 : a > l.big ? 1 : 0;
  }
  return numberOrder(Number(text), l);
}

/** Sign of a − l as compareNum gives it for a number whose text Number() reads exactly (NaN: unordered). */
export function numberOrder(a: number, l: Extract<Lit, { t: 'num' }>): number {
  return a < l.n ? -1 : a > l.n ? 1 : a === l.n ? 0 : NaN;
}

/** A parsed condition applied to a value's text: false when the text is not JSON. */
export function conditionMatcher(p: ParsedCondition): (text: string) => boolean {
  const slots: Array<JsonVal | undefined> = new Array(p.slots).fill(undefined);
  return (text) => scanJson(text, p.root, slots) && p.test(slots);
}
