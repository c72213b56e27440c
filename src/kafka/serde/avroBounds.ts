// Why this exists: avsc reads an array or map block by looping over the count the block states, even once it
// has run past the end of the bytes, and keeps what it reads. A damaged count (ten bytes can say 2^62) makes
// it fill memory until Node dies of an out-of-memory error, which no try/catch catches: one bad record in a
// topic would take the extension host down. Before avsc reads a payload, this walks the bytes as Avro's
// binary encoding lays them out, building nothing, and names the first block whose count cannot fit in the
// bytes left. Everything else (truncated data, a bad union index, invalid UTF-8) is left to avsc, which
// reports it without looping: the walk stops where it is no longer sure and says nothing.
import type * as avro from 'avsc';

/**
 * Items of a type that takes no bytes (null, an empty record) fit in any number of bytes: a block of them
 * beyond this many is refused all the same, as no producer writes one and avsc would build it whole.
 */
export const MAX_EMPTY_ITEMS = 1_000_000;

interface Walk { b: Buffer; i: number; problem?: string }

/** Stops the walk without a problem: avsc will say what is wrong (past the end, a bad index…). */
const UNSURE = Symbol('unsure');

/** A varint (zig-zag) as a number; past 2^53 it is rounded, which is enough to compare it with lengths. */
function readLong(w: Walk): number {
  let n = 0;
  let scale = 1;
  for (let k = 0; k < 10; k++) {
    if (w.i >= w.b.length) throw UNSURE;
    const byte = w.b[w.i++];
    n += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
    scale *= 128;
  }
  throw UNSURE;
}

/** The fewest bytes a value of `t` takes (0 for null and records of nothing but such). */
function minBytes(t: avro.Type, memo: Map<avro.Type, number>): number {
  const known = memo.get(t);
  if (known !== undefined) return known;
  memo.set(t, 0); // a recursive record reached again while it is measured: its smallest value ends the recursion
  let n: number;
  switch (t.typeName) {
    case 'null': n = 0; break;
    case 'float': n = 4; break;
    case 'double': n = 8; break;
    case 'fixed': n = (t as avro.types.FixedType).size; break;
    case 'record': case 'error':
      n = (t as avro.types.RecordType).fields.reduce((s, f) => s + minBytes(f.type, memo), 0);
      break;
    case 'union:wrapped': case 'union:unwrapped':
      n = 1 + Math.min(...(t as avro.types.WrappedUnionType).types.map((b) => minBytes(b, memo)));
      break;
    default:
      if (t.typeName.startsWith('logical:')) n = minBytes((t as avro.types.LogicalType).underlyingType, memo);
      else n = 1; // boolean, int, long, enum, string, bytes, array, map: a byte or a varint at least
  }
  memo.set(t, n);
  return n;
}

function block(w: Walk, what: string, itemBytes: number, item: () => void): void {
  let total = 0; // avsc keeps the items of every block of one array or map
  for (;;) {
    let n = readLong(w);
    if (n === 0) return;
    if (n < 0) {
      n = -n;
      readLong(w); // the block's size in bytes, which avsc skips
    }
    const left = w.b.length - w.i;
    total += n;
    if (itemBytes > 0 ? n > left / itemBytes : total > MAX_EMPTY_ITEMS) {
      w.problem = itemBytes > 0
        ? `an Avro ${what} block says it holds ${n} items, but only ${left} bytes are left and each item takes at least ${itemBytes}: the bytes are damaged or not this schema's`
        : `an Avro ${what} block holds ${total} items of a type that takes no bytes; more than ${MAX_EMPTY_ITEMS.toLocaleString('en-US')} is refused: the bytes are damaged or not this schema's`;
      throw UNSURE;
    }
    for (let k = 0; k < n; k++) item();
  }
}

function skip(w: Walk, t: avro.Type, memo: Map<avro.Type, number>): void {
  switch (t.typeName) {
    case 'null': return;
    case 'boolean': w.i += 1; break;
    case 'int': case 'long': case 'abstract:long': case 'enum': readLong(w); break;
    case 'float': w.i += 4; break;
    case 'double': w.i += 8; break;
    case 'fixed': w.i += (t as avro.types.FixedType).size; break;
    case 'string': case 'bytes': {
      const n = readLong(w);
      if (n < 0) throw UNSURE;
      w.i += n;
      break;
    }
    case 'array': {
      const items = (t as avro.types.ArrayType).itemsType;
      block(w, 'array', minBytes(items, memo), () => skip(w, items, memo));
      break;
    }
    case 'map': {
      const values = (t as avro.types.MapType).valuesType as avro.Type;
      block(w, 'map', 1 + minBytes(values, memo), () => {
        const k = readLong(w);
        if (k < 0) throw UNSURE;
        w.i += k;
        skip(w, values, memo);
      });
      break;
    }
    case 'union:wrapped': case 'union:unwrapped': {
      const branch = (t as avro.types.WrappedUnionType).types[readLong(w)];
      if (branch === undefined) throw UNSURE;
      skip(w, branch, memo);
      break;
    }
    case 'record': case 'error':
      for (const f of (t as avro.types.RecordType).fields) skip(w, f.type, memo);
      break;
    default:
      if (!t.typeName.startsWith('logical:')) throw UNSURE;
      skip(w, (t as avro.types.LogicalType).underlyingType, memo);
  }
  if (w.i > w.b.length) throw UNSURE;
}

/** What makes `payload` unsafe to hand to avsc as a value of `t`, or undefined when nothing does. */
export function avroBoundsProblem(t: avro.Type, payload: Buffer): string | undefined {
  const w: Walk = { b: payload, i: 0 };
  try {
    skip(w, t, new Map());
  } catch (e) {
    // UNSURE, or a stack overflow on data nested deeper than the stack: avsc recurses the same way and
    // reports that itself.
    if (e !== UNSURE && !(e instanceof RangeError)) throw e;
  }
  return w.problem;
}
