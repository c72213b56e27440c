// Protobuf through protobufjs 8: registry schemas (references fetched as the files they import) and local
// .proto files (imports read beside them), decoding the message the frame's indexes name and encoding the
// chosen message with its indexes.
import { basename } from 'node:path';
import * as protobuf from 'protobufjs';
import type { SchemaCodec } from './codec';
import { compactText, type JNode } from './jsonTree';
import { isLongType, messageText } from './protobufJson';
import { message } from './protobufParse';
import { buildProto, loadProtoFile, messageAt, pickMessage, type ProtoFile } from './protobufTypes';
import type { ResolvedReference } from './schemaCodecs';
import type { SchemaFieldError } from './types';

function example(t: protobuf.Type, depth: number): JNode {
  const wk: Record<string, JNode> = {
    '.google.protobuf.Timestamp': { k: 'str', v: '2024-05-01T12:00:00Z' },
    '.google.protobuf.Duration': { k: 'str', v: '1.5s' },
    '.google.protobuf.Struct': { k: 'obj', entries: new Map() },
    '.google.protobuf.Value': { k: 'str', v: 'text' },
    '.google.protobuf.ListValue': { k: 'arr', items: [] },
    '.google.protobuf.FieldMask': { k: 'str', v: '' },
  };
  if (wk[t.fullName]) return wk[t.fullName];
  if (/^\.google\.protobuf\.\w+Value$/.test(t.fullName)) return scalarExample(t.fields.value, depth);
  const entries = new Map<string, JNode>();
  const oneofsUsed = new Set<string>();
  for (const f of [...t.fieldsArray].sort((a, b) => a.id - b.id)) {
    if (f.partOf && f.partOf.fieldsArray.length > 1) {
      if (oneofsUsed.has(f.partOf.name)) continue;
      oneofsUsed.add(f.partOf.name);
    }
    if (f.resolvedType instanceof protobuf.Type && (depth > 3 || f.resolvedType.fullName === '.google.protobuf.Any')) continue;
    const one = scalarExample(f, depth);
    entries.set(f.jsonName ?? f.name, f.map ? { k: 'obj', entries: new Map([[/int|fixed/.test((f as unknown as protobuf.MapField).keyType) ? '1' : (f as unknown as protobuf.MapField).keyType === 'bool' ? 'true' : 'key', one]]) } : f.repeated ? { k: 'arr', items: [one] } : one);
  }
  return { k: 'obj', entries };
}

function scalarExample(f: protobuf.Field, depth: number): JNode {
  const r = f.resolvedType;
  if (r instanceof protobuf.Enum) return { k: 'str', v: Object.keys(r.values)[0] };
  if (r instanceof protobuf.Type) return example(r, depth + 1);
  if (isLongType(f.type)) return { k: 'str', v: '1234567890123' };
  switch (f.type) {
    case 'float': case 'double': return { k: 'num', text: '1.5' };
    case 'bool': return { k: 'bool', v: true };
    case 'string': return { k: 'str', v: `${f.name} text` };
    case 'bytes': return { k: 'str', v: 'AAE=' };
    default: return { k: 'num', text: '42' };
  }
}

function codecOf(pf: ProtoFile, messageName: string | undefined, where: string): SchemaCodec {
  const chosen = pickMessage(pf, messageName, where);
  const validateAs = (node: JNode): { errs: SchemaFieldError[]; obj: unknown } => {
    const errs: SchemaFieldError[] = [];
    const obj = message(chosen.type, node, '', errs);
    return { errs, obj };
  };
  return {
    messageName: chosen.type.fullName.slice(1),
    decode: (payload, indexes) => {
      const t = indexes ? messageAt(pf, indexes) : chosen.type;
      let m: protobuf.Message;
      try {
        m = t.decode(payload);
      } catch (e) {
        throw new Error(`${e instanceof Error ? e.message : String(e)} (message ${t.fullName.slice(1)}, ${payload.length} bytes)`);
      }
      return { json: messageText(t, m as unknown as Record<string, unknown>), messageName: t.fullName.slice(1) };
    },
    validate: (node) => validateAs(node).errs,
    encode: (node) => {
      const { errs, obj } = validateAs(node);
      if (errs.length > 0) throw new Error(errs[0].message);
      const m = chosen.type.fromObject(obj as Record<string, unknown>);
      return { payload: Buffer.from(chosen.type.encode(m).finish()), indexes: chosen.indexes };
    },
    example: () => compactText(example(chosen.type, 0)),
  };
}

/** A registered .proto; `refs` are its references (import name → text), fetched from the registry. */
export function protobufCodec(schema: string, refs: ResolvedReference[], messageName?: string): SchemaCodec {
  const files = new Map(refs.map((r) => [r.name, r.schema]));
  const pf = buildProto(schema, files, (imp) => `the schema imports "${imp}", but it has no reference named so: register the imported file under a subject and add it as a reference named "${imp}"`);
  return codecOf(pf, messageName, 'the schema');
}

export async function protobufFileCodec(path: string, schema: string, messageName?: string): Promise<SchemaCodec> {
  return codecOf(await loadProtoFile(path, schema), messageName, basename(path));
}
