// createSchemaEncoder / createFileEncoder: JSON text typed in the producer → the bytes a schema-aware
// consumer expects (framed with the schema id for a registry subject; bare for a local schema file).
import { basename } from 'node:path';
import type { RegistryClient } from '../registry/types';
import type { SchemaCodec } from './codec';
import { parseJsonTree } from './jsonTree';
import { prettyJson } from '../rules/prettyJson';
import { labelOf } from './schemaCache';
import { fileCodec, registeredCodec } from './schemaCodecs';
import { SerdeError, type SchemaEncoder, type SchemaFieldError, type SchemaLabel } from './types';
import { frame } from './wireFormat';

function encoderOf(codec: SchemaCodec, label: SchemaLabel, schema: SchemaEncoder['schema'], id?: number): SchemaEncoder {
  const check = (jsonText: string): { errs: SchemaFieldError[]; node?: ReturnType<typeof parseJsonTree> } => {
    const parsed = parseJsonTree(jsonText);
    if ('error' in parsed) return { errs: [parsed.error] };
    return { errs: codec.validate(parsed.node), node: parsed };
  };
  return {
    label,
    schema,
    validate: (jsonText) => check(jsonText).errs,
    encode(jsonText) {
      const { errs, node } = check(jsonText);
      if (errs.length > 0 || !node || !('node' in node)) {
        const first = errs[0];
        throw new SerdeError(`the value does not match the ${label.type.toLowerCase()} schema${first ? `: ${first.path ? `${first.path}: ` : ''}${first.message}` : ''}`, errs);
      }
      const { payload, indexes } = codec.encode(node.node);
      return id === undefined ? payload : frame(id, payload, indexes);
    },
    example: () => prettyJson(codec.example()),
  };
}

/**
 * The encoder for a subject's version (latest by default). Protobuf writes `messageName` when given, else
 * the file's first message. Throws RegistryError (subject/version unknown, registry down) or SerdeError.
 */
export async function createSchemaEncoder(registry: RegistryClient, subject: string, version: number | 'latest', messageName?: string): Promise<SchemaEncoder> {
  const s = await registry.schemaByVersion(subject, version);
  const codec = await registeredCodec(registry, s, messageName);
  const label = labelOf({ ...s, subject: s.subject ?? subject }, codec);
  return encoderOf(codec, label, s, s.id);
}

/** Schemaless Avro/Protobuf with a local .avsc/.proto; throws SerdeError naming the file and what is wrong. */
export async function createFileEncoder(path: string, messageName?: string): Promise<SchemaEncoder> {
  const { type, schema, codec } = await fileCodec(path, messageName);
  const label: SchemaLabel = { type, file: basename(path), ...(codec.messageName ? { messageName: codec.messageName } : {}) };
  return encoderOf(codec, label, { type, file: path, schema });
}
