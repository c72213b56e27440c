// How the producer turns the key and value typed in the form into bytes beyond text and JSON: Kafka's
// primitive Serdes (big-endian numbers, raw bytes as hex/base64) and a schema, from the cluster's Schema
// Registry (subject + version, framed in Confluent's wire format) or from a local .avsc/.proto file.
// Pure: the webview checks primitives as you type with the same code the extension sends with; whether a
// JSON value matches a schema is decided by the extension (it holds the schema).
import { encodePrimitive, isPrimitiveFormat, PRIMITIVE_FORMATS, PrimitiveFormat } from './primitiveFormats';
import { renderTemplate, Template } from './template';

/**
 * The primitives the form offers. 'string' is left out: Text already sends what Kafka's StringSerializer
 * writes (UTF-8), and two entries for the same bytes would only make the list longer.
 */
export const PRODUCE_PRIMITIVES = PRIMITIVE_FORMATS.filter((f): f is Exclude<PrimitiveFormat, 'string'> => f !== 'string');
/** schema: a subject of the cluster's registry (Confluent wire format); schema-file: a local .avsc/.proto (no framing). */
export const SCHEMA_FORMATS = ['schema', 'schema-file'] as const;
export type SchemaFormat = (typeof SCHEMA_FORMATS)[number];

/** A primitive the producer offers: all but string, which Text already is. */
export const isProducePrimitive = (f: string): f is PrimitiveFormat => isPrimitiveFormat(f) && f !== 'string';
export const isSchemaFormat = (f: string): f is SchemaFormat => (SCHEMA_FORMATS as readonly string[]).includes(f);

/** The schema the form names for one side, exactly as typed (only the fields of its format are used). */
export interface SchemaRef {
  subject: string;
  /** "latest" (or empty) for the subject's latest version, else a version number. */
  version: string;
  /** A local .avsc or .proto file (format schema-file). */
  path: string;
  /** Protobuf: the message to encode (optional when the file has one message). */
  messageName: string;
}

export const emptySchemaRef = (): SchemaRef => ({ subject: '', version: 'latest', path: '', messageName: '' });

/**
 * What one side is encoded with once the form is valid. The schema kinds have the shape of the serde's
 * DataFormat (src/kafka/serde/types.ts), so the extension hands them to the encoder as they are.
 */
export type PartEncoding =
  | { kind: 'plain' }
  | { kind: 'primitive'; format: PrimitiveFormat }
  | { kind: 'registry'; subject: string; version: number | 'latest' }
  | { kind: 'schema-file'; path: string; messageName?: string };
export type SchemaEncoding = Extract<PartEncoding, { kind: 'registry' | 'schema-file' }>;

export const MAX_SUBJECT = 1000;
const MESSAGE_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The schema the ref names, or a sentence saying what to fix (`part` is "Key" or "Value"). */
export function schemaEncoding(format: SchemaFormat, ref: SchemaRef | undefined, part: 'Key' | 'Value'): SchemaEncoding | { error: string } {
  const r = ref ?? emptySchemaRef();
  if (format === 'schema') {
    const subject = r.subject.trim();
    if (!subject) return { error: `${part} schema: choose a subject of the cluster's Schema Registry (e.g. orders-value).` };
    if (subject.length > MAX_SUBJECT) return { error: `${part} schema: the subject is longer than ${MAX_SUBJECT} characters.` };
    const v = r.version.trim();
    if (v === '' || v.toLowerCase() === 'latest') return { kind: 'registry', subject, version: 'latest' };
    const n = Number(v);
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) return { error: `${part} schema: "${v}" is not a version: write latest, or a version number such as 3.` };
    return { kind: 'registry', subject, version: n };
  }
  const path = r.path.trim();
  if (!path) return { error: `${part} schema file: choose a .avsc (Avro) or .proto (Protobuf) file.` };
  if (!/\.(avsc|proto)$/i.test(path)) return { error: `${part} schema file: "${path}" is neither .avsc (Avro) nor .proto (Protobuf).` };
  const messageName = r.messageName.trim();
  if (messageName && !/\.proto$/i.test(path)) return { error: `${part} schema file: a message name is for .proto files only; leave it empty for ${path}.` };
  if (messageName && !MESSAGE_NAME.test(messageName)) return { error: `${part} schema file: "${messageName}" is not a Protobuf message name (e.g. shop.Order).` };
  return { kind: 'schema-file', path, ...(messageName ? { messageName } : {}) };
}

/**
 * A primitive key/value that cannot be encoded, checked on a sample (placeholders filled in as for the
 * first message). A template with faker placeholders is left to the send, which checks every message.
 */
export function primitiveError(t: Template, format: PrimitiveFormat, part: 'Key' | 'Value'): string | undefined {
  if (t.faker) return undefined;
  const sample = renderTemplate(t, { seq: 1, now: () => 0, uuid: () => '00000000-0000-4000-8000-000000000000', random: () => 0 });
  const r = encodePrimitive(sample, format);
  return 'error' in r ? `${part} (${format}): ${r.error}` : undefined;
}

/** Narrows an unknown value (a webview message, a saved draft) to a SchemaRef; undefined when absent. */
export function parseSchemaRef(x: unknown, name: string): SchemaRef | undefined | string {
  if (x === undefined || x === null) return undefined;
  if (typeof x !== 'object') return `${name} is not an object`;
  const o = x as Record<string, unknown>;
  const out = emptySchemaRef();
  for (const k of ['subject', 'version', 'path', 'messageName'] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'string') return `${name}.${k} is not a string`;
    if ((o[k] as string).length > 4096) return `${name}.${k} is too long`;
    out[k] = o[k] as string;
  }
  return out;
}
