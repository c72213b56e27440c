// A JSON condition applied to a value's bytes (jsonBytesScan.ts finds the fields), giving what
// conditionMatcher gives for the value decoded by a fatal TextDecoder. Comparisons that the bytes answer
// alone are done on them: a short integer against a number, an unescaped string for (in)equality with a
// string. Everything else is given the field as jsonScan would have read it (a number's text, a string's
// decoded text) and goes through jsonCondition's own comparisons. Pure (no Node modules).
import { compareNum, Cond, equal, Lit, numberOrder, order, ParsedCondition, SAFE_DIGITS } from './jsonCondition';
import type { JsonVal } from './jsonScan';
import { ABSENT, ARR, byteNode, ByteScanner, FALSE, INT, NULL, NUM, OBJ, STR, STR_ESC, TRUE, NO, YES } from './jsonBytesScan';
import { wellFormed } from './textBytes';

type NumLit = Extract<Lit, { t: 'num' }>;

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();
const CONST: Record<number, JsonVal> = { [TRUE]: { t: 'bool', b: true }, [FALSE]: { t: 'bool', b: false }, [NULL]: { t: 'null' }, [OBJ]: { t: 'obj' }, [ARR]: { t: 'arr' } };

/**
 * The condition on a value's bytes: YES or NO as conditionMatcher on its decoded text would say, or UNSURE
 * when the text must be decoded and given to conditionMatcher.
 */
export function bytesConditionMatcher(p: ParsedCondition): (value: Uint8Array) => number {
  const scanner = new ByteScanner(byteNode(p.root), p.slots);
  const { kind, from, to } = scanner;
  // A string literal's UTF-8 bytes, made when the condition is compiled; null for any other literal, and
  // for a string with a lone surrogate, which no unescaped (valid UTF-8) string can equal.
  const bytesOf = (l: Lit): Uint8Array | null => (l.t === 'str' && wellFormed(l.s) ? encoder.encode(l.s) : null);

  /** The field as jsonScan's Reader would have read it from the decoded text. */
  const val = (slot: number): JsonVal | undefined => {
    const k = kind[slot];
    if (k === ABSENT) return undefined;
    const b = scanner.b;
    if (k === INT || k === NUM) return { t: 'num', text: ascii(b, from[slot], to[slot]) };
    if (k === STR) return { t: 'str', s: decoder.decode(b.subarray(from[slot] + 1, to[slot] - 1)) };
    if (k === STR_ESC) return { t: 'str', s: JSON.parse(decoder.decode(b.subarray(from[slot], to[slot]))) as string };
    return CONST[k];
  };

  /** The field's value when it is an integer short enough for compareNum to read it as a double, else undefined. */
  const shortInt = (slot: number, l: NumLit): number | undefined => {
    if (kind[slot] !== INT) return undefined;
    const a = from[slot];
    const z = to[slot];
    // compareNum goes by BigInt when the literal is a long integer: leave that to it.
    if (z - a > SAFE_DIGITS || (l.big !== undefined && l.text.length > SAFE_DIGITS)) return undefined;
    const b = scanner.b;
    const neg = b[a] === 0x2d;
    let n = 0;
    for (let i = neg ? a + 1 : a; i < z; i++) n = n * 10 + (b[i] - 0x30);
    return neg ? -n : n;
  };

  /** `w`: bytesOf(l). */
  const eq = (slot: number, l: Lit, w: Uint8Array | null): boolean => {
    if (l.t === 'num') {
      const n = shortInt(slot, l);
      if (n !== undefined) return numberOrder(n, l) === 0;
      const k = kind[slot];
      if (k === INT || k === NUM) return compareNum(ascii(scanner.b, from[slot], to[slot]), l) === 0;
    } else if (l.t === 'str' && kind[slot] === STR) {
      if (w === null) return false;
      const a = from[slot] + 1;
      const len = to[slot] - 1 - a;
      if (w.length !== len) return false;
      const b = scanner.b;
      for (let j = 0; j < len; j++) if (b[a + j] !== w[j]) return false;
      return true;
    }
    return equal(val(slot), l);
  };

  const cmp = (slot: number, l: Lit): number | undefined => {
    if (l.t === 'num') {
      const n = shortInt(slot, l);
      if (n !== undefined) return numberOrder(n, l);
    }
    return order(val(slot), l);
  };

  // Compiled once into closures: walking the tree for every value was a tenth of the filter's time.
  const compile = (c: Cond): (() => boolean) => {
    switch (c.k) {
      case 'and': { const a = compile(c.a); const b = compile(c.b); return () => a() && b(); }
      case 'or': { const a = compile(c.a); const b = compile(c.b); return () => a() || b(); }
      case 'not': { const a = compile(c.a); return () => !a(); }
      case 'exists': { const slot = c.slot; return () => kind[slot] !== ABSENT; }
      case 'contains': { const { slot, s } = c; return () => { const v = val(slot); return v?.t === 'str' && v.s.includes(s); }; }
      case 'in': {
        const { slot, lits } = c;
        const ws = lits.map(bytesOf);
        return () => {
          for (let k = 0; k < lits.length; k++) if (eq(slot, lits[k], ws[k])) return true;
          return false;
        };
      }
      case 'cmp': {
        const { slot, lit, op } = c;
        const w = bytesOf(lit);
        if (op === '==') return () => eq(slot, lit, w);
        if (op === '!=') return () => !eq(slot, lit, w);
        const holds = op === '>' ? (o: number) => o > 0 : op === '>=' ? (o: number) => o >= 0 : op === '<' ? (o: number) => o < 0 : (o: number) => o <= 0;
        return () => { const o = cmp(slot, lit); return o !== undefined && holds(o); };
      }
    }
  };

  const test = compile(p.cond);
  return (value) => {
    const r = scanner.scan(value);
    if (r !== YES) return r;
    return test() ? YES : NO;
  };
}

/** Bytes the scanner found to be a number: ASCII, one char each. */
function ascii(b: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i]);
  return s;
}
