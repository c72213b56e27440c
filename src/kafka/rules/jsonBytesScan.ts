// scanJson (jsonScan.ts) done on a value's UTF-8 bytes: the fields a JSON condition asks for are found
// and only their positions kept, with no decoding of the value to a string first. The same one pass
// checks everything the string path checks (UTF-8 the way a fatal TextDecoder reads it, the JSON
// grammar of JSON.parse), so a value answers the same on either path. A member name is compared as bytes
// unless it has escapes (then it is decoded as the string path decodes it). What this path is not sure of
// goes the string way: a value starting with a byte order mark (TextDecoder drops it) and nesting deeper
// than MAX_DEPTH (the string path's own recursion decides what happens there). Pure (no Node modules):
// the webview bundles it.
import type { PathNode } from './jsonScan';
import { isHexDigit, isJsonSpace, utf8SeqEnd, wellFormed } from './textBytes';

/** What a slot holds after a scan (ABSENT: the path is not in the value). */
export const ABSENT = 0;
export const INT = 1; // -?(0|[1-9][0-9]*), no fraction or exponent
export const NUM = 2; // any other number
export const STR = 3; // a string without escapes
export const STR_ESC = 4; // a string with escapes
export const TRUE = 5;
export const FALSE = 6;
export const NULL = 7;
export const OBJ = 8;
export const ARR = 9;

/** Scan results: the value is JSON, it is not, or the string path must decide. */
export const YES = 1;
export const NO = 0;
export const UNSURE = -1;

const MAX_DEPTH = 256;
/** What enter() found after an opening bracket. */
const ENTERED = 0, EMPTY = 1, TOO_DEEP = 2;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** A PathNode with its member names as UTF-8 bytes. */
export interface ByteNode {
  /** Member names that unescaped bytes can spell (a name holding a lone surrogate cannot be valid UTF-8). */
  names: Uint8Array[];
  kids: ByteNode[];
  /** Every wanted member by its name, for names written with escapes. */
  byName: Map<string, ByteNode>;
  named: boolean;
  items: Map<number, ByteNode>;
  slot: number;
  below: number[];
}

export function byteNode(p: PathNode): ByteNode {
  const n: ByteNode = { names: [], kids: [], byName: new Map(), named: p.keys.size > 0, items: new Map(), slot: p.slot ?? -1, below: p.below };
  for (const [name, kid] of p.keys) {
    const k = byteNode(kid);
    n.byName.set(name, k);
    if (!wellFormed(name)) continue;
    n.names.push(encoder.encode(name));
    n.kids.push(k);
  }
  for (const [k, kid] of p.items) n.items.set(k, byteNode(kid));
  return n;
}

/** One reader per compiled condition, reused for every value (the filter runs on one thread). */
export class ByteScanner {
  b: Uint8Array = new Uint8Array(0);
  private i = 0;
  private n = 0;
  private depth = 0;
  private unsure = false;
  readonly kind: Uint8Array;
  readonly from: Int32Array;
  readonly to: Int32Array;

  constructor(private readonly root: ByteNode, slots: number) {
    this.kind = new Uint8Array(slots);
    this.from = new Int32Array(slots);
    this.to = new Int32Array(slots);
  }

  /** Fills the slots from `b` (positions into it) and says whether `b` is JSON in valid UTF-8. */
  scan(b: Uint8Array): number {
    this.kind.fill(ABSENT);
    const n = b.length;
    if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return UNSURE;
    this.b = b;
    this.n = n;
    this.i = 0;
    this.depth = 0;
    this.unsure = false;
    let ok = this.value(this.root);
    if (ok) { this.ws(); ok = this.i === n; }
    return this.unsure ? UNSURE : ok ? YES : NO;
  }

  private ws(): void {
    const b = this.b;
    const n = this.n;
    let i = this.i;
    while (i < n && isJsonSpace(b[i])) i++;
    this.i = i;
  }

  private value(node: ByteNode | null): boolean {
    this.ws();
    if (node !== null) { const below = node.below; for (let k = 0; k < below.length; k++) this.kind[below[k]] = ABSENT; }
    if (this.i >= this.n) return false;
    const b = this.b;
    const at = this.i;
    const c = b[at];
    let kind: number;
    if (c === 0x7b) { if (!this.object(node)) return false; kind = OBJ; }
    else if (c === 0x5b) { if (!this.array(node)) return false; kind = ARR; }
    else if (c === 0x22) { const e = this.string(); if (e < 0) return false; kind = e === 0 ? STR : STR_ESC; }
    else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) { const f = this.number(); if (f < 0) return false; kind = f; }
    else if (c === 0x74 && at + 3 < this.n && b[at + 1] === 0x72 && b[at + 2] === 0x75 && b[at + 3] === 0x65) { this.i += 4; kind = TRUE; }
    else if (c === 0x66 && at + 4 < this.n && b[at + 1] === 0x61 && b[at + 2] === 0x6c && b[at + 3] === 0x73 && b[at + 4] === 0x65) { this.i += 5; kind = FALSE; }
    else if (c === 0x6e && at + 3 < this.n && b[at + 1] === 0x75 && b[at + 2] === 0x6c && b[at + 3] === 0x6c) { this.i += 4; kind = NULL; }
    else return false;
    if (node !== null && node.slot >= 0) {
      this.kind[node.slot] = kind;
      this.from[node.slot] = at;
      this.to[node.slot] = this.i;
    }
    return true;
  }

  /**
   * Steps into the object or array whose opening bracket is at `i`: ENTERED when members follow, EMPTY when
   * `close` comes right after (stepped over), TOO_DEEP past MAX_DEPTH (the answer is then UNSURE).
   */
  private enter(close: number): number {
    if (++this.depth > MAX_DEPTH) { this.unsure = true; return TOO_DEEP; }
    this.i++;
    this.ws();
    if (this.i < this.n && this.b[this.i] === close) { this.i++; this.depth--; return EMPTY; }
    return ENTERED;
  }

  private object(node: ByteNode | null): boolean {
    const entered = this.enter(0x7d);
    if (entered !== ENTERED) return entered === EMPTY;
    const named = node !== null && node.named;
    for (;;) {
      this.ws();
      if (this.i >= this.n || this.b[this.i] !== 0x22) return false;
      const at = this.i;
      const e = this.string();
      if (e < 0) return false;
      let kid: ByteNode | null = null;
      if (named) {
        kid = e === 0 ? this.member(node, at + 1, this.i - 1)
          : node.byName.get(JSON.parse(decoder.decode(this.b.subarray(at, this.i))) as string) ?? null;
      }
      this.ws();
      if (this.i >= this.n || this.b[this.i++] !== 0x3a) return false;
      if (!this.value(kid)) return false;
      this.ws();
      if (this.i >= this.n) return false;
      const c = this.b[this.i++];
      if (c === 0x7d) { this.depth--; return true; }
      if (c !== 0x2c) return false;
    }
  }

  /** The wanted member whose name is the bytes [from, to), or null. */
  private member(node: ByteNode, from: number, to: number): ByteNode | null {
    const b = this.b;
    const len = to - from;
    const names = node.names;
    for (let k = 0; k < names.length; k++) {
      const w = names[k];
      if (w.length !== len) continue;
      let j = 0;
      while (j < len && w[j] === b[from + j]) j++;
      if (j === len) return node.kids[k];
    }
    return null;
  }

  private array(node: ByteNode | null): boolean {
    const entered = this.enter(0x5d);
    if (entered !== ENTERED) return entered === EMPTY;
    const indexed = node !== null && node.items.size > 0;
    for (let k = 0; ; k++) {
      if (!this.value(indexed ? node.items.get(k) ?? null : null)) return false;
      this.ws();
      if (this.i >= this.n) return false;
      const c = this.b[this.i++];
      if (c === 0x5d) { this.depth--; return true; }
      if (c !== 0x2c) return false;
    }
  }

  /** Steps over the string at `i` (its opening quote): 0 without escapes, 1 with, -1 when it is not one. */
  private string(): number {
    const b = this.b;
    const n = this.n;
    let i = this.i + 1;
    let escaped = 0;
    for (;;) {
      if (i >= n) return -1;
      const c = b[i];
      if (c === 0x22) break;
      if (c < 0x20) return -1;
      if (c === 0x5c) {
        escaped = 1;
        if (i + 1 >= n) return -1;
        const e = b[i + 1];
        if (e === 0x75) {
          if (i + 5 >= n || !isHexDigit(b[i + 2]) || !isHexDigit(b[i + 3]) || !isHexDigit(b[i + 4]) || !isHexDigit(b[i + 5])) return -1;
          i += 6;
        } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) i += 2;
        else return -1;
      } else if (c >= 0x80) {
        i = utf8SeqEnd(b, i, n);
        if (i < 0) return -1;
      } else i++;
    }
    this.i = i + 1;
    return escaped;
  }

  /** Steps over -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?: INT or NUM, -1 when it is not a number. */
  private number(): number {
    const b = this.b;
    const n = this.n;
    let i = this.i;
    let kind = INT;
    if (b[i] === 0x2d) i++;
    if (i < n && b[i] === 0x30) i++;
    else {
      const d = i;
      while (i < n && b[i] >= 0x30 && b[i] <= 0x39) i++;
      if (i === d) return -1;
    }
    if (i < n && b[i] === 0x2e) {
      kind = NUM;
      const d = ++i;
      while (i < n && b[i] >= 0x30 && b[i] <= 0x39) i++;
      if (i === d) return -1;
    }
    if (i < n && (b[i] === 0x65 || b[i] === 0x45)) {
      kind = NUM;
      i++;
      if (i < n && (b[i] === 0x2b || b[i] === 0x2d)) i++;
      const d = i;
      while (i < n && b[i] >= 0x30 && b[i] <= 0x39) i++;
      if (i === d) return -1;
    }
    this.i = i;
    return kind;
  }
}
