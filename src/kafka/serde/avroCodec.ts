// Avro through avsc, with longs as BigInt (avsc's own long would throw above 2^53) and our own walk between
// avsc values and Avro's JSON encoding (what Confluent's avro console consumer prints and its producer
// reads): unions wrapped as {"branch": value}, bytes and fixed as strings of \u0000–\u00ff, enums as their
// symbols, logical types as their underlying type.
import * as avro from 'avsc';
import { float32Text, float64Text } from '../rules/primitiveFormats';
import { avroBoundsProblem } from './avroBounds';
import { avroJsonWriter } from './avroJsonBytes';
import type { SchemaCodec } from './codec';
import { compactText, kindName, ptr, wholeNumber, type JNode } from './jsonTree';
import type { SchemaFieldError } from './types';

const LONG = avro.types.LongType.__with({
  fromBuffer: (b: Buffer) => b.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(n);
    return b;
  },
  fromJSON: (x: unknown) => BigInt(x as string),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

const I32: [bigint, bigint] = [-(2n ** 31n), 2n ** 31n - 1n];
const I64: [bigint, bigint] = [-(2n ** 63n), 2n ** 63n - 1n];

/** avsc types for the schema, the referenced schemas (named types it uses) parsed first into the same registry. */
export function avroType(schema: string, references: string[] = []): avro.Type {
  const registry: Record<string, avro.Type> = { long: LONG as unknown as avro.Type };
  const opts = { registry, wrapUnions: true };
  for (const r of references) avro.Type.forSchema(JSON.parse(r) as avro.Schema, opts);
  return avro.Type.forSchema(JSON.parse(schema) as avro.Schema, opts);
}

const latin1 = (b: Buffer): string => JSON.stringify(b.toString('latin1'));
const typeText = (t: avro.Type): string => t.branchName ?? t.typeName;

/** An avsc value (longs BigInt, unions wrapped) as Avro JSON encoding. */
function toJson(t: avro.Type, v: unknown): string {
  switch (t.typeName) {
    case 'null': return 'null';
    case 'boolean': case 'int': return String(v);
    case 'abstract:long': case 'long': return String(v);
    case 'float': return numberText(float32Text(v as number));
    case 'double': return numberText(float64Text(v as number));
    case 'string': case 'enum': return JSON.stringify(v);
    case 'bytes': case 'fixed': return latin1(v as Buffer);
    case 'array': {
      const items = (t as avro.types.ArrayType).itemsType;
      return `[${(v as unknown[]).map((x) => toJson(items, x)).join(',')}]`;
    }
    case 'map': {
      const values = (t as avro.types.MapType).valuesType as avro.Type;
      return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}:${toJson(values, x)}`).join(',')}}`;
    }
    case 'union:wrapped': {
      if (v === null) return 'null';
      const [branch, inner] = Object.entries(v as Record<string, unknown>)[0];
      const bt = (t as avro.types.WrappedUnionType).types.find((x) => x.branchName === branch) as avro.Type;
      return `{${JSON.stringify(branch)}:${toJson(bt, inner)}}`;
    }
    default: { // record, error
      const rec = v as Record<string, unknown>;
      return `{${(t as avro.types.RecordType).fields.map((f) => `${JSON.stringify(f.name)}:${toJson(f.type, rec[f.name])}`).join(',')}}`;
    }
  }
}

/** NaN and the infinities are not JSON numbers: Avro's Java JsonEncoder writes them as strings too. */
const numberText = (s: string): string => (/^-?(Infinity)$|^NaN$/.test(s) ? JSON.stringify(s) : s);

const FLOAT_WORDS: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity };

/** Avro JSON encoding → an avsc value; problems go to `errs` at their JSON Pointer. */
function fromJson(t: avro.Type, n: JNode, path: string, errs: SchemaFieldError[]): unknown {
  const bad = (message: string): undefined => {
    errs.push({ path, message });
    return undefined;
  };
  const expect = (what: string): undefined => bad(`expected ${what}, got ${kindName(n)}`);
  switch (t.typeName) {
    case 'null': return n.k === 'null' ? null : expect('null');
    case 'boolean': return n.k === 'bool' ? n.v : expect('true or false');
    case 'int': case 'long': case 'abstract:long': {
      const name = t.typeName === 'int' ? 'int' : 'long';
      if (n.k !== 'num') return expect(`an ${name} (a whole number)`);
      const w = wholeNumber(n.text);
      if (w === undefined) return bad(`${n.text} is not a whole number; an Avro ${name} has no fraction`);
      const [lo, hi] = name === 'int' ? I32 : I64;
      if (w < lo || w > hi) return bad(`${n.text} is out of Avro ${name}'s range ${lo}…${hi}`);
      return name === 'int' ? Number(w) : w;
    }
    case 'float': case 'double': {
      if (n.k === 'str' && n.v in FLOAT_WORDS) return FLOAT_WORDS[n.v];
      if (n.k !== 'num') return expect(`a ${t.typeName} (a number, or "NaN", "Infinity", "-Infinity")`);
      const x = Number(n.text);
      if (!Number.isFinite(x) || (t.typeName === 'float' && !Number.isFinite(Math.fround(x)))) return bad(`${n.text} is out of Avro ${t.typeName}'s range`);
      return x;
    }
    case 'string': return n.k === 'str' ? n.v : expect('a string');
    case 'enum': {
      const symbols = (t as avro.types.EnumType).symbols;
      if (n.k !== 'str') return expect(`one of the symbols ${symbols.map((s) => JSON.stringify(s)).join(', ')} of enum ${typeText(t)}`);
      return symbols.includes(n.v) ? n.v : bad(`${JSON.stringify(n.v)} is not a symbol of enum ${typeText(t)}: ${symbols.map((s) => JSON.stringify(s)).join(', ')}`);
    }
    case 'bytes': case 'fixed': {
      if (n.k !== 'str') return expect('a string of \\u0000–\\u00ff characters, one per byte (Avro\'s JSON encoding of bytes)');
      const wide = [...n.v].findIndex((c) => c.charCodeAt(0) > 255);
      if (wide >= 0) return bad(`character ${wide + 1} (${JSON.stringify(n.v[wide])}) is not a byte: bytes are written as \\u0000–\\u00ff characters`);
      const b = Buffer.from(n.v, 'latin1');
      const size = t.typeName === 'fixed' ? (t as avro.types.FixedType).size : undefined;
      return size !== undefined && b.length !== size ? bad(`${b.length} bytes, but fixed ${typeText(t)} has exactly ${size}`) : b;
    }
    case 'array': {
      if (n.k !== 'arr') return expect('an array');
      const items = (t as avro.types.ArrayType).itemsType;
      return n.items.map((x, i) => fromJson(items, x, ptr(path, i), errs));
    }
    case 'map': {
      if (n.k !== 'obj') return expect('an object (an Avro map)');
      const values = (t as avro.types.MapType).valuesType as avro.Type;
      return Object.fromEntries([...n.entries].map(([k, x]) => [k, fromJson(values, x, ptr(path, k), errs)]));
    }
    case 'union:wrapped': {
      const branches = (t as avro.types.WrappedUnionType).types;
      const names = branches.map((b) => b.branchName as string);
      if (n.k === 'null' && names.includes('null')) return null;
      const only = n.k === 'obj' && n.entries.size === 1 ? [...n.entries][0] : undefined;
      const bt = only && branches.find((b) => b.branchName === only[0]);
      if (!only || !bt) {
        const others = names.filter((x) => x !== 'null');
        return bad(`a union value is written as {"${others[0]}": …}${names.includes('null') ? ' or null' : ''} (Avro's JSON encoding); branches: ${names.join(', ')}`);
      }
      return { [only[0]]: fromJson(bt, only[1], ptr(path, only[0]), errs) };
    }
    default: {
      const rt = t as avro.types.RecordType;
      if (n.k !== 'obj') return expect(`an object (record ${typeText(t)})`);
      const out: Record<string, unknown> = {};
      for (const f of rt.fields) {
        const x = n.entries.get(f.name);
        if (x !== undefined) out[f.name] = fromJson(f.type, x, ptr(path, f.name), errs);
        else if (f.defaultValue() !== undefined) out[f.name] = f.defaultValue();
        else errs.push({ path: ptr(path, f.name), message: `required: field "${f.name}" (${typeText(f.type)}) of record ${typeText(t)} has no default` });
      }
      for (const k of n.entries.keys()) {
        if (!rt.fields.some((f) => f.name === k)) errs.push({ path: ptr(path, k), message: `record ${typeText(t)} has no field "${k}"; its fields: ${rt.fields.map((f) => f.name).join(', ')}` });
      }
      return out;
    }
  }
}

/** A plausible value of every field (recursion cut by taking null branches / empty collections deep down). */
function exampleOf(t: avro.Type, depth: number, name = ''): JNode {
  switch (t.typeName) {
    case 'null': return { k: 'null' };
    case 'boolean': return { k: 'bool', v: true };
    case 'int': return { k: 'num', text: '42' };
    case 'long': case 'abstract:long': return { k: 'num', text: '1234567890123' };
    case 'float': case 'double': return { k: 'num', text: '1.5' };
    case 'string': return { k: 'str', v: name ? `${name} text` : 'text' };
    case 'enum': return { k: 'str', v: (t as avro.types.EnumType).symbols[0] };
    case 'bytes': return { k: 'str', v: '\u0001\u0002' };
    case 'fixed': return { k: 'str', v: '\u0000'.repeat((t as avro.types.FixedType).size) };
    case 'array': return { k: 'arr', items: depth > 4 ? [] : [exampleOf((t as avro.types.ArrayType).itemsType, depth + 1, name)] };
    case 'map': return { k: 'obj', entries: new Map(depth > 4 ? [] : [['key', exampleOf((t as avro.types.MapType).valuesType as avro.Type, depth + 1, name)]]) };
    case 'union:wrapped': {
      const branches = (t as avro.types.WrappedUnionType).types;
      const pick = depth > 4 ? branches.find((b) => b.typeName === 'null') ?? branches[0] : branches.find((b) => b.typeName !== 'null') ?? branches[0];
      return pick.typeName === 'null' ? { k: 'null' } : { k: 'obj', entries: new Map([[pick.branchName as string, exampleOf(pick, depth + 1, name)]]) };
    }
    default:
      return { k: 'obj', entries: new Map((t as avro.types.RecordType).fields.map((f) => [f.name, exampleOf(f.type, depth + 1, f.name)])) };
  }
}

export function avroCodec(schema: string, references: string[] = []): SchemaCodec {
  const type = avroType(schema, references);
  const jsonInto = avroJsonWriter(type);
  return {
    ...(jsonInto ? { jsonInto } : {}),
    decode: (payload) => {
      let v: unknown;
      try {
        const problem = avroBoundsProblem(type, payload);
        if (problem !== undefined) throw new Error(problem);
        v = type.fromBuffer(payload);
      } catch (e) {
        throw new Error(`${e instanceof Error ? e.message : String(e)} (${payload.length} bytes)`);
      }
      return { json: toJson(type, v) };
    },
    validate: (node) => {
      const errs: SchemaFieldError[] = [];
      fromJson(type, node, '', errs);
      return errs;
    },
    encode: (node) => {
      const errs: SchemaFieldError[] = [];
      const v = fromJson(type, node, '', errs);
      if (errs.length > 0) throw new Error(errs[0].message);
      return { payload: type.toBuffer(v) };
    },
    example: () => compactText(exampleOf(type, 0)),
  };
}
