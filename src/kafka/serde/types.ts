// How keys and values are read and written beyond plain text/JSON: primitive formats (what Kafka's own
// Serdes write), the Confluent wire format with a Schema Registry (Avro, Protobuf, JSON Schema), and a
// local schema file for schemaless Avro/Protobuf. Pure types, shared by the consumer, the browser and the
// producer (and importable by the webviews).
import type { RegisteredSchema, SchemaType } from '../registry/types';

import type { DirectJson } from '../rules/decodedBytes';
import type { PrimitiveFormat } from '../rules/primitiveFormats';

export { PRIMITIVE_FORMATS, type PrimitiveFormat } from '../rules/primitiveFormats';

/** How one side (key or value) of a record is read or written. */
export type DataFormat =
  /** Today's behaviour: text/JSON when it is, bytes otherwise; Confluent-framed data is decoded when a registry is set. */
  | { kind: 'auto' }
  | { kind: 'primitive'; format: PrimitiveFormat }
  /** Confluent wire format with the cluster's registry (consumer: the id in the bytes; producer: subject + version). */
  | { kind: 'registry'; subject?: string; version?: number | 'latest' }
  /** Schemaless Avro or Protobuf with a local .avsc/.proto file (messageName picks the Protobuf message). */
  | { kind: 'schema-file'; path: string; messageName?: string };

/** Which schema a decoded (or encoded) key/value was read with: shown on the record's line. */
export interface SchemaLabel {
  type: SchemaType;
  id?: number;
  subject?: string;
  version?: number;
  /** Protobuf: the message's full name. */
  messageName?: string;
  /** A local schema file. */
  file?: string;
}

/** One key or value after decoding. */
export type Decoded =
  /** `json` is JSON text (exact: int64 and decimals are never rounded through a JS number). */
  | { ok: true; json: string; schema: SchemaLabel }
  /** Framed data that could not be decoded: `marker` says why (unknown id, registry down, bytes do not match); the raw bytes are shown beside it. */
  | { ok: false; marker: string; schema?: SchemaLabel };

/** A value not read yet (Avro): written from its bytes when shown, resolve() gives the Decoded otherwise. */
export interface DirectDecoded {
  ok: true;
  direct: DirectJson;
  schema: SchemaLabel;
}

/**
 * Decodes keys/values for display. One per consumer/browser session, sharing the registry's schema cache.
 * prepare() is async and bounded (fetches unknown schema ids once; a failure is remembered for a while so a
 * down registry costs one timeout, not one per record) and never throws; decode() is synchronous.
 */
export interface RecordDecoder {
  prepare(records: ReadonlyArray<{ key: Buffer | null; value: Buffer | null }>): Promise<void>;
  /** undefined: not for this decoder (e.g. not Confluent-framed under 'auto'); show the bytes as today. */
  decode(bytes: Buffer, part: 'key' | 'value'): Decoded | undefined;
  /** decode(), except that what can be written straight from its bytes comes back unread (for formatRecordInto only). */
  readonly decodeDirect?: (bytes: Buffer, part: 'key' | 'value') => Decoded | DirectDecoded | undefined;
}

/** A problem with a JSON value against a schema, pointing at the field (JSON Pointer, "" for the root). */
export interface SchemaFieldError {
  path: string;
  message: string;
}

/** Encodes JSON text typed by a person into the bytes a schema-aware consumer expects (framed for the registry). */
export interface SchemaEncoder {
  readonly label: SchemaLabel;
  readonly schema: RegisteredSchema | { type: SchemaType; file: string; schema: string };
  /** Every problem with `jsonText` (syntax first, then schema), each at its field; [] when it encodes. */
  validate(jsonText: string): SchemaFieldError[];
  /** Throws SerdeError (with fieldErrors) when validate() would report anything. */
  encode(jsonText: string): Buffer;
  /** An example value generated from the schema, as pretty JSON text that validate() accepts. */
  example(): string;
}

export class SerdeError extends Error {
  constructor(message: string, readonly fieldErrors: SchemaFieldError[] = []) {
    super(message);
    this.name = 'SerdeError';
  }
}

/** Whether `e` is a SerdeError, by name: dist/serde.js and the extension bundle each hold a copy of the class. */
export function isSerdeError(e: unknown): e is SerdeError {
  return e instanceof Error && e.name === 'SerdeError' && Array.isArray((e as { fieldErrors?: unknown }).fieldErrors);
}
