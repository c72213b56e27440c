// Turns a validated produce spec into the key and value of each message: templates rendered per
// message, then written as text, as a primitive (what Kafka's Serdes write) or with a schema (the
// SchemaEncoder: Confluent-framed for a registry subject, bare for a local file). One path for the panel,
// the tests and the bench.
import { serde } from '../client/vendor';
import type { RegistryClient } from '../registry/types';
import { encodePrimitive } from '../rules/primitiveFormats';
import { count } from '../rules/countText';
import type { PartEncoding, SchemaEncoding } from '../rules/produceEncoding';
import type { ProduceSpec } from '../rules/produceValidation';
import { FakerResolver, renderTemplate, Template } from '../rules/template';
import type { DirectBytes } from '../protocol/recordBatchEncoder';
import { isSerdeError, type SchemaEncoder } from '../serde/types';
import { fakerParts, fakerResolver } from './fakerResolver';
import { templateBytes } from './templateBytes';

/** Gives the encoder for a schema choice (the panel passes its cache, so typing and sending share one). */
export type EncoderResolver = (e: SchemaEncoding) => Promise<SchemaEncoder>;

/** A message that cannot be written: `field` is where the form shows it; nothing has been sent yet. */
export class EncodeError extends Error {
  constructor(message: string, readonly field: 'key' | 'value') {
    super(message);
    this.name = 'EncodeError';
  }
}

export interface EncodedMessage {
  key: Buffer | string | null;
  /** A DirectBytes value (a plain template, rendered in place) holds this message until the next is asked for. */
  value: Buffer | string | DirectBytes | null;
}

/**
 * When every message is checked before the first is sent, they are held encoded: bounded, so a ×N with
 * a schema and millions of large values says so instead of exhausting memory (Send every N seconds and
 * smaller counts do not need the bound).
 */
export const PRE_ENCODE_MAX_BYTES = 256 * 1024 * 1024;
/** What the engine spends per held message beyond its bytes (two Buffers and an object), for the bound. */
const PER_MESSAGE_OVERHEAD = 160;

const sentence = (s: string): string => (/[.!?…]$/.test(s.trimEnd()) ? s.trimEnd() : `${s.trimEnd()}.`);

/** The encoders the spec needs, from the registry or a local file (createSchemaEncoder/createFileEncoder). */
export function defaultEncoders(registry: RegistryClient | undefined): EncoderResolver {
  return async (e) => {
    if (e.kind === 'schema-file') return serde().createFileEncoder(e.path, e.messageName);
    if (!registry) {
      throw new Error(`this cluster has no Schema Registry to take subject "${e.subject}" from: add one with Edit Cluster → Schema Registry, or choose a local schema file`);
    }
    return serde().createSchemaEncoder(registry, e.subject, e.version);
  };
}

/** The bytes one side is written as (text stays a string: kafkajs writes it as UTF-8). */
export function encodePart(text: string, enc: PartEncoding, encoder: SchemaEncoder | undefined): Buffer | string {
  if (enc.kind === 'plain') return text;
  if (enc.kind === 'primitive') {
    const r = encodePrimitive(text, enc.format);
    if ('error' in r) throw new Error(`as ${enc.format}: ${r.error}`);
    return Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
  }
  if (!encoder) throw new Error('no encoder for its schema');
  return encoder.encode(text);
}

/** A SerdeError's field errors as one line ("/price: must be a number; /id: missing"), else its message. */
export function encodeFailureText(e: unknown): string {
  // Duck-typed, not instanceof: the encoders live in the lazy dist/serde.js, which has its own copy of the class.
  const fieldErrors = isSerdeError(e) ? e.fieldErrors : undefined;
  if (Array.isArray(fieldErrors) && fieldErrors.length > 0) {
    const shown = fieldErrors.slice(0, 3).map((f) => `${f.path || '(the whole value)'}: ${f.message}`);
    const more = fieldErrors.length > 3 ? ` (and ${fieldErrors.length - 3} more)` : '';
    return `${shown.join('; ')}${more}`;
  }
  return e instanceof Error ? e.message : String(e);
}

const isSchema = (e: PartEncoding): e is SchemaEncoding => e.kind === 'registry' || e.kind === 'schema-file';

export interface PrepareOptions {
  seqStart: number;
  faker?: FakerResolver;
  encoders?: EncoderResolver;
  registry?: RegistryClient;
}

/**
 * The function giving message i (0-based) of the send. With a primitive or schema, every message is
 * rendered and encoded before anything is sent (the first one that fails is named, nothing is sent); a
 * template without placeholders is encoded once. Plain text/JSON renders lazily, as before.
 */
export async function prepareMessages(spec: ProduceSpec, opts: PrepareOptions): Promise<(i: number) => EncodedMessage> {
  const faker = fakerParts(spec.key, spec.value).length > 0 ? opts.faker ?? fakerResolver() : undefined;
  const resolve = opts.encoders ?? defaultEncoders(opts.registry);
  const encoderFor = async (field: 'key' | 'value'): Promise<SchemaEncoder | undefined> => {
    const enc = field === 'key' ? spec.keyEncoding : spec.valueEncoding;
    if (!isSchema(enc)) return undefined;
    try {
      return await resolve(enc);
    } catch (e) {
      throw new EncodeError(`${sentence(`${field === 'key' ? 'Key' : 'Value'} schema: ${e instanceof Error ? e.message : String(e)}`)} Nothing was sent.`, field);
    }
  };
  const keyEncoder = await encoderFor('key');
  const valueEncoder = await encoderFor('value');
  const keyJson = isSchema(spec.keyEncoding);
  const one = (field: 'key' | 'value', t: Template | null, seq: number): Buffer | string | null => {
    if (t === null) return null;
    const text = renderTemplate(t, { seq, faker, json: field === 'key' ? keyJson : spec.valueJson });
    const enc = field === 'key' ? spec.keyEncoding : spec.valueEncoding;
    return encodePart(text, enc, field === 'key' ? keyEncoder : valueEncoder);
  };
  const render = (seq: number): EncodedMessage => ({ key: one('key', spec.key, seq), value: one('value', spec.value, seq) });
  const failure = (field: 'key' | 'value', e: unknown, which: string): EncodeError => {
    const part = which ? `${which}${field}` : field === 'key' ? 'Key' : 'Value';
    return new EncodeError(`${sentence(`${part} ${encodeFailureText(e)}`)} Nothing was sent.`, field);
  };

  const plain = spec.keyEncoding.kind === 'plain' && spec.valueEncoding.kind === 'plain';
  if (plain) {
    if (faker) {
      // The first message is rendered before anything is sent: an unknown generator or bad arguments
      // stop the send with the placeholder named, next to its field.
      for (const field of ['key', 'value'] as const) {
        try {
          const t = spec[field];
          if (t?.faker) renderTemplate(t, { seq: opts.seqStart, faker, json: field === 'value' && spec.valueJson });
        } catch (e) {
          throw new EncodeError(`${sentence(`${field === 'key' ? 'Key' : 'Value'}: ${(e as Error).message}`)} Nothing was sent.`, field);
        }
      }
    }
    return plainMessages(spec, opts.seqStart, render, (seq) => one('key', spec.key, seq));
  }

  // `numbered`: a failure names the message ("Message 8 of 10: "), written only then, not for every message.
  const encodeAt = (i: number, numbered: boolean): { key: Buffer | string | null; value: Buffer | string | null } => {
    let field: 'key' | 'value' = 'key';
    try {
      const key = one('key', spec.key, opts.seqStart + i);
      field = 'value';
      return { key, value: one('value', spec.value, opts.seqStart + i) };
    } catch (e) {
      throw failure(field, e, numbered ? `Message ${count(i + 1)} of ${count(spec.count)}: ` : '');
    }
  };
  const dynamic = (spec.key?.dynamic ?? false) || (spec.value?.dynamic ?? false);
  if (!dynamic) {
    const m = encodeAt(0, false);
    return () => m;
  }
  const all: EncodedMessage[] = [];
  let held = 0;
  for (let i = 0; i < spec.count; i++) {
    const m = encodeAt(i, spec.count > 1);
    held += PER_MESSAGE_OVERHEAD + (m.key === null ? 0 : Buffer.byteLength(m.key)) + (m.value === null ? 0 : Buffer.byteLength(m.value));
    if (held > PRE_ENCODE_MAX_BYTES) {
      throw new EncodeError(
        `Every message is checked against its format before the first is sent, and ${count(spec.count)} of these need more than ${PRE_ENCODE_MAX_BYTES / 1024 / 1024} MB to hold (reached at message ${count(i + 1)}): send fewer at once. Nothing was sent.`,
        'value');
    }
    all.push(m);
  }
  return (i) => all[i];
}

/**
 * Plain text messages: a value template without faker is written straight into the batch (TemplateBytes),
 * text that never changes is encoded once; anything else renders per message as renderTemplate does.
 */
function plainMessages(spec: ProduceSpec, seqStart: number, render: (seq: number) => EncodedMessage, keyAt: (seq: number) => Buffer | string | null): (i: number) => EncodedMessage {
  const v = spec.value;
  const direct = v?.dynamic ? templateBytes(v) : undefined;
  if (v !== null && !direct && v.dynamic) return (i) => render(seqStart + i);
  const fixed = v === null ? null : Buffer.from(v.source, 'utf8');
  const k = spec.key;
  if (k === null || !k.dynamic) {
    const key = k === null ? null : Buffer.from(k.source, 'utf8');
    return (i) => ({ key, value: direct ? direct.set(seqStart + i) : fixed });
  }
  return (i) => ({ key: keyAt(seqStart + i), value: direct ? direct.set(seqStart + i) : fixed });
}
