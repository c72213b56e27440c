// Reads the fields a JSON condition asks for out of a record value, in one pass over the text that also
// checks that the whole value is JSON (the same grammar as JSON.parse). Nothing else is built: other
// members are only stepped over, and a number keeps its text, so a 64-bit id is compared exactly, never
// through a rounded JavaScript number. Pure (no Node modules): the webview bundles it too.

/** A field as read: numbers keep their text; objects and arrays are only known to be there. */
export type JsonVal =
  | { t: 'num'; text: string }
  | { t: 'str'; s: string }
  | { t: 'bool'; b: boolean }
  | { t: 'null' }
  | { t: 'obj' }
  | { t: 'arr' };

/** One step of the paths wanted: object members by name, array elements by index. */
export interface PathNode {
  keys: Map<string, PathNode>;
  items: Map<number, PathNode>;
  /** Where the value at this path goes, when a condition uses this path itself. */
  slot?: number;
  /** Slots of the paths below this one (cleared when a duplicated member is read again: the last wins, as in JSON.parse). */
  below: number[];
}

export const newNode = (): PathNode => ({ keys: new Map(), items: new Map(), below: [] });

const NOT_JSON = new Error('not JSON');
const NULL: JsonVal = { t: 'null' };
const TRUE: JsonVal = { t: 'bool', b: true };
const FALSE: JsonVal = { t: 'bool', b: false };
const OBJ: JsonVal = { t: 'obj' };
const ARR: JsonVal = { t: 'arr' };

/**
 * Fills `slots` with the values at the paths of `root` (undefined: absent) and returns true, or returns
 * false when `s` is not JSON.
 */
export function scanJson(s: string, root: PathNode, slots: Array<JsonVal | undefined>): boolean {
  slots.fill(undefined);
  const first = firstChar(s);
  // Most text that is not JSON fails here, without the cost of an exception.
  if (!(first === 0x7b || first === 0x5b || first === 0x22 || first === 0x2d || (first >= 0x30 && first <= 0x39) || first === 0x74 || first === 0x66 || first === 0x6e)) return false;
  const r = new Reader(s, slots);
  try {
    r.value(root);
    r.ws();
    return r.i === s.length;
  } catch (e) {
    if (e === NOT_JSON) return false;
    throw e;
  }
}

function firstChar(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return c;
  }
  return -1;
}

class Reader {
  i = 0;
  constructor(private readonly s: string, private readonly slots: Array<JsonVal | undefined>) {}

  ws(): void {
    const s = this.s;
    let c = s.charCodeAt(this.i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = s.charCodeAt(++this.i);
  }

  /** Reads one value; stores it when `node` has a slot, and reads the paths below `node` inside it. */
  value(node: PathNode | undefined): void {
    this.ws();
    if (node !== undefined && node.below.length > 0) for (const b of node.below) this.slots[b] = undefined;
    const c = this.s.charCodeAt(this.i);
    let v: JsonVal;
    if (c === 0x7b) { this.object(node); v = OBJ; }
    else if (c === 0x5b) { this.array(node); v = ARR; }
    else if (c === 0x22) {
      const str = this.string(node?.slot !== undefined);
      v = str === undefined ? NULL : { t: 'str', s: str };
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) v = { t: 'num', text: this.number() };
    else if (this.s.startsWith('true', this.i)) { this.i += 4; v = TRUE; }
    else if (this.s.startsWith('false', this.i)) { this.i += 5; v = FALSE; }
    else if (this.s.startsWith('null', this.i)) { this.i += 4; v = NULL; }
    else throw NOT_JSON;
    if (node?.slot !== undefined) this.slots[node.slot] = v;
  }

  private object(node: PathNode | undefined): void {
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x7d) { this.i++; return; }
    const named = node !== undefined && node.keys.size > 0;
    for (;;) {
      this.ws();
      if (this.s.charCodeAt(this.i) !== 0x22) throw NOT_JSON;
      const key = this.string(named);
      this.ws();
      if (this.s.charCodeAt(this.i++) !== 0x3a) throw NOT_JSON;
      this.value(named ? node.keys.get(key as string) : undefined);
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 0x7d) return;
      if (c !== 0x2c) throw NOT_JSON;
    }
  }

  private array(node: PathNode | undefined): void {
    this.i++;
    this.ws();
    if (this.s.charCodeAt(this.i) === 0x5d) { this.i++; return; }
    const indexed = node !== undefined && node.items.size > 0;
    for (let k = 0; ; k++) {
      this.value(indexed ? node.items.get(k) : undefined);
      this.ws();
      const c = this.s.charCodeAt(this.i++);
      if (c === 0x5d) return;
      if (c !== 0x2c) throw NOT_JSON;
    }
  }

  /** A string at `i` (its opening quote); its content when `want`, checked either way. */
  private string(want: boolean): string | undefined {
    const s = this.s;
    const start = this.i++;
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(this.i++);
      if (c === 0x22) break;
      // NaN (past the end) fails both tests: checked apart, only when it is not a plain character.
      if (c < 0x20 || c !== c) throw NOT_JSON;
      if (c === 0x5c) {
        escaped = true;
        const e = s.charCodeAt(this.i++);
        if (e === 0x75) {
          if (!/^[0-9a-fA-F]{4}$/.test(s.slice(this.i, this.i + 4))) throw NOT_JSON;
          this.i += 4;
        } else if (!(e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74)) throw NOT_JSON;
      }
    }
    if (!want) return undefined;
    return escaped ? (JSON.parse(s.slice(start, this.i)) as string) : s.slice(start + 1, this.i - 1);
  }

  /** -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)? */
  private number(): string {
    const s = this.s;
    const start = this.i;
    if (s.charCodeAt(this.i) === 0x2d) this.i++;
    if (s.charCodeAt(this.i) === 0x30) this.i++;
    else if (this.digits() === 0) throw NOT_JSON;
    if (s.charCodeAt(this.i) === 0x2e) { this.i++; if (this.digits() === 0) throw NOT_JSON; }
    const e = s.charCodeAt(this.i);
    if (e === 0x65 || e === 0x45) {
      this.i++;
      const sign = s.charCodeAt(this.i);
      if (sign === 0x2b || sign === 0x2d) this.i++;
      if (this.digits() === 0) throw NOT_JSON;
    }
    return s.slice(start, this.i);
  }

  private digits(): number {
    const s = this.s;
    const from = this.i;
    let i = from;
    for (let c = s.charCodeAt(i); c >= 0x30 && c <= 0x39; c = s.charCodeAt(++i));
    this.i = i;
    return i - from;
  }
}
