// Avro binary → the JSON the consumer shows, written straight into the line's bytes. The general path
// (avroCodec's decode) has avsc build a value, walks it into compact JSON text, and the formatter encodes
// that text to UTF-8 and re-indents it: in the decode bench that was most of the time per record. Here a
// writer is built once per schema from avsc's own types and reads the payload's bytes as it writes: no
// value, no string per field, the same text byte for byte (test/unit/avroJsonBytes.test.ts compares the
// two on generated schemas, values and damaged bytes). Whatever it is not sure of (bytes avsc would read
// differently or reject, a map key a JS object would reorder, very deep nesting) it answers -1 for and
// leaves to the general path, which then shows exactly what it always did, failure markers included.
import type * as avro from 'avsc';
import type { LineBytes } from '../rules/lineBytes';
import { float32Text } from '../rules/primitiveFormats';
import {
  ascii, blocks, colon, FALSE, type Fixed, fixedText, integer, latin1String, length, long, MAX_DEPTH, MAX_OUT_BYTES, NULL, pad, put, putFixed,
  readLong, room, type Run, TRUE, utf8String, type W,
} from './avroJsonRun';

/** The JSON text of a string as the general path shows it: JSON.stringify, then « as \u00ab. */
const shownString = (s: string): string => JSON.stringify(s).replace(/«/g, '\\u00ab');

/** A map key JS would not keep in insertion order (array indices) or not keep at all (__proto__). */
const reordered = (k: string): boolean => k === '__proto__' || /^[0-9]+$/.test(k);

function writerOf(t: avro.Type, memo: Map<avro.Type, W>): W | undefined {
  const known = memo.get(t);
  if (known) return known;
  switch (t.typeName) {
    case 'null': return (r) => { put(r, NULL); return true; };
    case 'boolean': return (r) => {
      if (r.i >= r.v.length) return false;
      put(r, r.v[r.i++] !== 0 ? TRUE : FALSE);
      return true;
    };
    case 'int': return (r) => {
      const n = readLong(r);
      if (n !== n) return false;
      integer(r, n);
      return true;
    };
    case 'abstract:long': return long;
    // {"type": "long"} is avsc's own long (a number), which refuses what a double cannot hold exactly.
    case 'long': return (r) => {
      const n = readLong(r);
      if (!(n >= -9007199254740990 && n <= 9007199254740990)) return false;
      integer(r, n);
      return true;
    };
    case 'float': return (r) => {
      if (r.i + 4 > r.v.length) return false;
      const x = r.v.readFloatLE(r.i);
      r.i += 4;
      const s = float32Text(x);
      ascii(r, x === x && x !== Infinity && x !== -Infinity ? s : `"${s}"`);
      return true;
    };
    case 'double': return (r) => {
      if (r.i + 8 > r.v.length) return false;
      const x = r.v.readDoubleLE(r.i);
      r.i += 8;
      if (Number.isInteger(x) && Math.abs(x) < 1e15 && !Object.is(x, -0)) integer(r, x);
      else ascii(r, x !== x ? '"NaN"' : x === Infinity ? '"Infinity"' : x === -Infinity ? '"-Infinity"' : Object.is(x, -0) ? '-0' : String(x));
      return true;
    };
    case 'string': return (r) => {
      const n = length(r);
      return n >= 0 && utf8String(r, n);
    };
    case 'bytes': return (r) => {
      const n = length(r);
      if (n < 0) return false;
      latin1String(r, n);
      return true;
    };
    case 'fixed': {
      const size = (t as avro.types.FixedType).size;
      return (r) => {
        if (r.i + size > r.v.length) return false;
        latin1String(r, size);
        return true;
      };
    }
    case 'enum': {
      const symbols = (t as avro.types.EnumType).symbols.map((s) => fixedText(shownString(s)));
      return (r) => {
        const k = readLong(r);
        const s = symbols[k];
        if (s === undefined) return false;
        putFixed(r, s);
        return true;
      };
    }
    case 'array': {
      // Not a named type: only a record can refer back to itself, so no memo entry is needed here.
      const item = writerOf((t as avro.types.ArrayType).itemsType, memo);
      return item && ((r, depth) => blocks(r, depth, 0x5b, 0x5d, item));
    }
    case 'map': {
      const value = writerOf((t as avro.types.MapType).valuesType as avro.Type, memo);
      if (!value) return undefined;
      const entry = (r: Run, depth: number, seen: Set<string>): boolean => {
        const n = length(r);
        if (n < 0) return false;
        // avsc fills a plain object: a repeated key keeps its first place with the last value, and
        // reordered keys move; the general path shows that.
        const key = r.v.toString('latin1', r.i, r.i + n);
        if (reordered(key) || seen.has(key)) return false;
        seen.add(key);
        if (!utf8String(r, n)) return false;
        colon(r);
        return value(r, depth);
      };
      return (r, depth) => {
        const seen = new Set<string>();
        return blocks(r, depth, 0x7b, 0x7d, (rr, d) => entry(rr, d, seen));
      };
    }
    case 'union:wrapped': {
      const types = (t as avro.types.WrappedUnionType).types;
      const branches: Array<{ name: Fixed; w: W } | null> = [];
      const self: W = (r, depth) => {
        const k = readLong(r);
        if (!(k >= 0 && k < branches.length)) return false;
        const b = branches[k];
        if (b === null) { put(r, NULL); return true; }
        room(r, 1);
        r.o[r.p++] = 0x7b;
        pad(r, depth + 1);
        putFixed(r, b.name);
        colon(r);
        if (!b.w(r, depth + 1)) return false;
        pad(r, depth);
        room(r, 1);
        r.o[r.p++] = 0x7d;
        return true;
      };
      memo.set(t, self);
      for (const bt of types) {
        if (bt.typeName === 'null') { branches.push(null); continue; }
        const w = writerOf(bt, memo);
        if (!w || bt.branchName === undefined) return undefined;
        branches.push({ name: fixedText(shownString(bt.branchName)), w });
      }
      return self;
    }
    case 'record': case 'error': {
      const fields: Array<{ name: Fixed; w: W }> = [];
      const self: W = (r, depth) => {
        if (depth >= MAX_DEPTH) return false;
        if (fields.length === 0) { ascii(r, '{}'); return true; }
        for (let k = 0; k < fields.length; k++) {
          room(r, 1);
          r.o[r.p++] = k === 0 ? 0x7b : 0x2c;
          pad(r, depth + 1);
          putFixed(r, fields[k].name);
          colon(r);
          if (!fields[k].w(r, depth + 1)) return false;
        }
        pad(r, depth);
        room(r, 1);
        r.o[r.p++] = 0x7d;
        return true;
      };
      memo.set(t, self);
      for (const f of (t as avro.types.RecordType).fields) {
        const w = writerOf(f.type, memo);
        if (!w) return undefined;
        fields.push({ name: fixedText(shownString(f.name)), w });
      }
      return self;
    }
    default: return undefined; // a type avsc may add: the general path
  }
}

/**
 * The writer for a schema, or undefined when it uses something only the general path shows. The writer
 * appends the payload `v[start…]`'s JSON to `out` as the general path shows it (indent 0: compact) and
 * returns its length in UTF-16 units, or -1 with `out` as it was.
 */
export function avroJsonWriter(type: avro.Type): ((v: Buffer, start: number, out: LineBytes, indent: number) => number) | undefined {
  const w = writerOf(type, new Map());
  if (!w) return undefined;
  return (v, start, out, indent) => {
    const from = out.length;
    const r: Run = { v, i: start, o: out.buf, p: from, lb: out, step: indent > 0 ? indent : 0, extra: 0, nonAscii: false, limit: from + MAX_OUT_BYTES };
    let ok = false;
    try {
      ok = w(r, 0) && r.i === v.length && r.p <= r.limit;
    } catch {
      ok = false; // a stack overflow on absurd nesting: the general path says what it says
    }
    if (!ok) {
      out.length = from;
      return -1;
    }
    out.length = r.p;
    if (r.nonAscii) out.nonAscii = true;
    return r.p - from - r.extra;
  };
}
