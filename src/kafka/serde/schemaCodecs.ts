// A registered schema (with its references fetched from the registry) or a local schema file → its codec.
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { RegisteredSchema, RegistryClient, SchemaReference, SchemaType } from '../registry/types';
import { avroCodec } from './avroCodec';
import type { SchemaCodec } from './codec';
import { SerdeError } from './types';

/** A referenced schema as the codecs need it: the import name and the text. */
export interface ResolvedReference {
  name: string;
  schema: string;
  type: SchemaType;
}

/**
 * Every schema `refs` names, fetched depth-first (a reference's own references come before it), each once.
 * Bounded by the client's timeout per request; a cycle is cut by the `seen` set.
 */
export async function fetchReferences(registry: RegistryClient, refs: SchemaReference[], seen = new Set<string>()): Promise<ResolvedReference[]> {
  const out: ResolvedReference[] = [];
  for (const r of refs) {
    const key = `${r.subject}\u0000${r.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const s = await registry.schemaByVersion(r.subject, r.version);
    out.push(...(await fetchReferences(registry, s.references, seen)), { name: r.name, schema: s.schema, type: s.schemaType });
  }
  return out;
}

export function codecFor(type: SchemaType, schema: string, refs: ResolvedReference[], messageName?: string): SchemaCodec {
  switch (type) {
    case 'AVRO': return avroCodec(schema, refs.map((r) => r.schema));
    case 'PROTOBUF': return loadProtobuf().protobufCodec(schema, refs, messageName);
    case 'JSON': return loadJsonSchema().jsonSchemaCodec(schema, refs);
  }
}

/* eslint-disable @typescript-eslint/no-require-imports -- the Protobuf and JSON Schema libraries are only compiled when a schema of that kind appears */
const loadProtobuf = (): typeof import('./protobufCodec') => require('./protobufCodec') as typeof import('./protobufCodec');
const loadJsonSchema = (): typeof import('./jsonSchemaCodec') => require('./jsonSchemaCodec') as typeof import('./jsonSchemaCodec');
/* eslint-enable @typescript-eslint/no-require-imports */

/** A registered schema's codec, its references fetched first. Throws RegistryError or SerdeError (schema does not compile). */
export async function registeredCodec(registry: RegistryClient, s: RegisteredSchema, messageName?: string): Promise<SchemaCodec> {
  const refs = await fetchReferences(registry, s.references);
  try {
    return codecFor(s.schemaType, s.schema, refs, messageName);
  } catch (e) {
    if (e instanceof SerdeError) throw e;
    throw new SerdeError(`the ${s.schemaType.toLowerCase()} schema id ${s.id}${s.subject ? ` (${s.subject} v${s.version})` : ''} does not compile: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function fileSchemaType(path: string): SchemaType {
  const ext = extname(path).toLowerCase();
  if (ext === '.avsc') return 'AVRO';
  if (ext === '.proto') return 'PROTOBUF';
  throw new SerdeError(`${basename(path)}: a local schema file is an Avro schema (.avsc) or a Protobuf file (.proto), not "${ext || 'no extension'}"`);
}

/** A local .avsc/.proto: its text and codec (a .proto's imports are read beside it, or named when missing). */
export async function fileCodec(path: string, messageName?: string): Promise<{ type: SchemaType; schema: string; codec: SchemaCodec }> {
  const type = fileSchemaType(path);
  let schema: string;
  try {
    schema = await readFile(path, 'utf8');
  } catch (e) {
    throw new SerdeError(`cannot read the schema file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    const codec = type === 'AVRO' ? avroCodec(schema) : await loadProtobuf().protobufFileCodec(path, schema, messageName);
    return { type, schema, codec };
  } catch (e) {
    if (e instanceof SerdeError) throw e;
    throw new SerdeError(`${basename(path)} is not a valid ${type === 'AVRO' ? 'Avro schema' : 'Protobuf file'}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
