// What a "produce" form holds, and the single place that decides whether it can be sent.
// Pure: used by the webview as you type and by the extension on every request (the webview is
// untrusted, so the extension never relies on the webview having checked).
import { isProducePrimitive, isSchemaFormat, parseSchemaRef, PartEncoding, primitiveError, PRODUCE_PRIMITIVES, SCHEMA_FORMATS, SchemaRef, schemaEncoding } from './produceEncoding';
import { parseTemplate, renderTemplate, Template } from './template';

export const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
export type Compression = (typeof COMPRESSIONS)[number];
export const ACKS = ['all', 'leader'] as const;
export type Acks = (typeof ACKS)[number];
/**
 * auto: sent as typed, shown as JSON when it parses as JSON and as text otherwise (so `Hello` just works);
 * json: must parse as JSON; text: anything; null: no value at all (a tombstone, which deletes the key
 * on a compacted topic).
 */
export const VALUE_FORMATS = ['auto', 'json', 'text', 'null', ...PRODUCE_PRIMITIVES, ...SCHEMA_FORMATS] as const;
export type ValueFormat = (typeof VALUE_FORMATS)[number];
/**
 * text: the key as typed, an empty field meaning no key (null), as most clients do; empty: a zero-length
 * key (""), which Kafka keeps apart from no key; null: no key whatever the field holds.
 */
export const KEY_FORMATS = ['text', 'empty', 'null', ...PRODUCE_PRIMITIVES, ...SCHEMA_FORMATS] as const;
export type KeyFormat = (typeof KEY_FORMATS)[number];
/** What a value is sent as: for Auto, decided by whether it parses as JSON; else its primitive or schema format. */
export type ValueKind = 'json' | 'text' | 'null' | Exclude<ValueFormat, 'auto' | 'json' | 'text' | 'null'>;

export interface HeaderRow {
  name: string;
  value: string;
}

/** The form exactly as typed: numbers are still text, so nothing the user wrote is lost. */
export interface ProduceDraft {
  topic: string;
  key: string;
  keyFormat: KeyFormat;
  value: string;
  valueFormat: ValueFormat;
  headers: HeaderRow[];
  /** Empty = automatic (by key hash, or round-robin without key). */
  partition: string;
  compression: Compression;
  acks: Acks;
  /** How many messages to send (templates make them differ). */
  count: string;
  /** The key's schema when keyFormat is schema or schema-file (absent in drafts saved before schemas). */
  keySchema?: SchemaRef;
  /** The value's schema when valueFormat is schema or schema-file. */
  valueSchema?: SchemaRef;
}

export const MAX_COUNT = 10_000_000;
export const MAX_HEADERS = 100;
/** Per-field text limit: far above what a person types, low enough to keep messages well-formed. */
export const MAX_TEXT = 4 * 1024 * 1024;

export const emptyDraft = (topic: string): ProduceDraft => ({
  topic, key: '', keyFormat: 'text', value: '', valueFormat: 'auto', headers: [], partition: '', compression: 'none', acks: 'all', count: '1',
});

export type FieldName = 'topic' | 'key' | 'value' | 'headers' | 'partition' | 'count' | 'compression' | 'acks';
export type FieldErrors = Partial<Record<FieldName, string>>;

/** A validated request: templates parsed, numbers parsed, blank header rows dropped. */
export interface ProduceSpec {
  topic: string;
  /** null = no key; a template whose source is '' = the empty key. */
  key: Template | null;
  /** null = a tombstone (no value). */
  value: Template | null;
  /** The value is sent as JSON (format JSON, or Auto and it parses): faker text is written to keep it JSON. */
  valueJson: boolean;
  headers: HeaderRow[];
  partition: number | undefined;
  compression: Compression;
  acks: Acks;
  count: number;
  /** How the rendered key/value text becomes bytes (plain: as text). */
  keyEncoding: PartEncoding;
  valueEncoding: PartEncoding;
}

export interface ValidationContext {
  /** The topic's partition count, when known; the partition field is checked against it. */
  partitionCount?: number;
}

export type ValidationResult = { ok: true; spec: ProduceSpec } | { ok: false; errors: FieldErrors };

// Faker placeholders are filled in with a word: the name is checked when the extension loads faker.
const sampleOf = (value: Template): string =>
  renderTemplate(value, { seq: 1, now: () => 0, uuid: () => '00000000-0000-4000-8000-000000000000', random: () => 0, faker: () => 'x', json: true });

/** A value that is one faker placeholder and nothing else: Auto sends its text as it is, not as a JSON string. */
const loneFaker = (t: Template): boolean => {
  const parts = t.parts.filter((p) => !(p.kind === 'text' && p.text.trim() === ''));
  return parts.length === 1 && parts[0].kind === 'faker';
};

const HOW_TO_SEND_TEXT = 'To send it as plain text, choose Text or Auto as the value format.';

/** Checks a JSON value template: every placeholder is filled in with a sample first. */
export function jsonError(value: Template): string | undefined {
  const sample = sampleOf(value);
  if (sample.trim() === '') return 'The value is empty: JSON needs a value (e.g. {} or "text"). To send an empty value, choose Text or Auto; to send no value, choose null (tombstone).';
  try {
    JSON.parse(sample);
    return undefined;
  } catch (e) {
    const where = value.dynamic ? ' (with placeholders filled in)' : '';
    const why = (e as Error).message.replace(/[.\s]*$/, '');
    return `The value is not valid JSON${where}: ${why}. ${HOW_TO_SEND_TEXT}`;
  }
}

/**
 * What the draft's value is sent as, for the panel's indicator and the history: Auto follows the text
 * (JSON when it parses, placeholders filled in; text otherwise). undefined when it cannot be sent as is
 * (a placeholder error, or explicit JSON that does not parse).
 */
export function valueKind(d: Pick<ProduceDraft, 'value' | 'valueFormat'>): ValueKind | undefined {
  if (d.valueFormat === 'null') return 'null';
  const t = parseTemplate(d.value);
  if ('error' in t) return undefined;
  if (d.valueFormat === 'text') return 'text';
  if (isProducePrimitive(d.valueFormat)) return primitiveError(t, d.valueFormat, 'Value') ? undefined : d.valueFormat;
  if (isSchemaFormat(d.valueFormat)) return jsonError(t) === undefined ? d.valueFormat : undefined;
  const json = jsonError(t) === undefined;
  if (d.valueFormat === 'json') return json ? 'json' : undefined;
  return json && !loneFaker(t) ? 'json' : 'text';
}

export function validateDraft(d: ProduceDraft, ctx: ValidationContext = {}): ValidationResult {
  const errors: FieldErrors = {};
  const topic = d.topic.trim();
  if (!topic) errors.topic = 'Choose a topic.';
  else if (!/^[A-Za-z0-9._-]{1,249}$/.test(topic)) errors.topic = `"${topic}" is not a valid topic name (letters, digits, ".", "_", "-"; at most 249).`;

  let key: Template | null = null;
  let keyEncoding: PartEncoding = { kind: 'plain' };
  const kf = d.keyFormat;
  if (kf === 'empty') key = { source: '', parts: [], dynamic: false, faker: false };
  else if (kf === 'null') key = null;
  else if (d.key.length > MAX_TEXT) errors.key = `The key is longer than ${MAX_TEXT} characters.`;
  else if (kf === 'text') {
    if (d.key !== '') {
      const t = parseTemplate(d.key);
      if ('error' in t) errors.key = `Key: ${t.error}`;
      else key = t;
    }
  } else {
    // A primitive or a schema: the key is always sent, so an empty field is a mistake, not "no key".
    const t = parseTemplate(d.key);
    const enc = isSchemaFormat(kf) ? schemaEncoding(kf, d.keySchema, 'Key') : { kind: 'primitive' as const, format: kf };
    if ('error' in t) errors.key = `Key: ${t.error}`;
    else if ('error' in enc) errors.key = enc.error;
    else if (d.key.trim() === '' && kf !== 'hex' && kf !== 'base64') errors.key = `Enter a key to send as ${isSchemaFormat(kf) ? 'JSON for its schema' : kf}, or choose No key (null).`;
    else {
      const e = enc.kind === 'primitive' ? primitiveError(t, enc.format, 'Key') : jsonError(t)?.replace(/^The value/, 'The key').replace(HOW_TO_SEND_TEXT, '');
      if (e) errors.key = e.trim();
      else { key = t; keyEncoding = enc; }
    }
  }

  let value: Template | null | undefined;
  let valueEncoding: PartEncoding = { kind: 'plain' };
  if (d.valueFormat === 'null') value = null;
  else if (d.value.length > MAX_TEXT) errors.value = `The value is longer than ${MAX_TEXT} characters.`;
  else {
    const t = parseTemplate(d.value);
    if ('error' in t) errors.value = `Value: ${t.error}`;
    else {
      value = t;
      const vf = d.valueFormat;
      if (vf === 'json' || isSchemaFormat(vf)) {
        const je = jsonError(t);
        if (je) errors.value = isSchemaFormat(vf) ? je.replace(HOW_TO_SEND_TEXT, 'A schema encodes JSON: Example fills in a value that fits.') : je;
      }
      if (isSchemaFormat(vf)) {
        const enc = schemaEncoding(vf, d.valueSchema, 'Value');
        if ('error' in enc) errors.value = enc.error;
        else valueEncoding = enc;
      } else if (isProducePrimitive(vf)) {
        const pe = primitiveError(t, vf, 'Value');
        if (pe) errors.value = pe;
        else valueEncoding = { kind: 'primitive', format: vf };
      }
    }
  }

  const headers: HeaderRow[] = [];
  if (d.headers.length > MAX_HEADERS) errors.headers = `At most ${MAX_HEADERS} headers.`;
  else {
    for (let i = 0; i < d.headers.length; i++) {
      const h = d.headers[i];
      // A row left completely empty is a row the user added and did not use: skip it.
      if (h.name === '' && h.value === '') continue;
      if (h.name.trim() === '') { errors.headers = `Header ${i + 1} has a value but no name.`; break; }
      if (h.name.length > 32_767 || h.value.length > MAX_TEXT) { errors.headers = `Header ${i + 1} is too long.`; break; }
      headers.push({ name: h.name, value: h.value });
    }
  }

  let partition: number | undefined;
  const p = d.partition.trim();
  if (p !== '') {
    const n = Number(p);
    if (!/^\d+$/.test(p) || !Number.isSafeInteger(n)) errors.partition = `"${p}" is not a partition number: use 0, 1, 2… or leave it empty for automatic.`;
    else if (ctx.partitionCount !== undefined && n >= ctx.partitionCount) {
      errors.partition = `Partition ${n} does not exist: "${topic}" has ${ctx.partitionCount} partition${ctx.partitionCount === 1 ? '' : 's'} (0…${ctx.partitionCount - 1}).`;
    } else partition = n;
  }

  const c = d.count.trim();
  const count = Number(c);
  if (c === '' || !/^[+-]?\d+$/.test(c) || !Number.isFinite(count)) errors.count = `"${d.count}" is not a number of messages: enter a whole number from 1 to ${MAX_COUNT}.`;
  else if (count <= 0) errors.count = `Count must be at least 1 (got ${count}).`;
  else if (count > MAX_COUNT) errors.count = `Count must be at most ${MAX_COUNT} (got ${count}).`;

  if (!(COMPRESSIONS as readonly string[]).includes(d.compression)) errors.compression = `Unknown compression "${d.compression}".`;
  if (!(ACKS as readonly string[]).includes(d.acks)) errors.acks = `Unknown acks setting "${d.acks}".`;

  if (Object.keys(errors).length > 0 || value === undefined) return { ok: false, errors };
  // Under a schema the text is JSON too: faker text is then written so that it stays JSON.
  const valueJson = value !== null && (valueKind(d) === 'json' || isSchemaFormat(d.valueFormat));
  return { ok: true, spec: { topic, key, value, headers, partition, compression: d.compression, acks: d.acks, count, valueJson, keyEncoding, valueEncoding } };
}

/** Narrows an unknown value (e.g. a webview message) to a ProduceDraft, or says what is wrong with it. */
export function parseDraft(x: unknown): ProduceDraft | string {
  if (typeof x !== 'object' || x === null) return 'draft is not an object';
  const o = x as Record<string, unknown>;
  for (const k of ['topic', 'key', 'value', 'partition', 'count'] as const) {
    if (typeof o[k] !== 'string') return `draft.${k} is not a string`;
    if ((o[k] as string).length > MAX_TEXT) return `draft.${k} is too long`;
  }
  if (!(VALUE_FORMATS as readonly unknown[]).includes(o.valueFormat)) return `draft.valueFormat is not one of ${VALUE_FORMATS.join(', ')}`;
  // Drafts saved before keyFormat existed have none: their empty key meant no key, which 'text' keeps.
  const keyFormat = o.keyFormat === undefined ? 'text' : o.keyFormat;
  if (!(KEY_FORMATS as readonly unknown[]).includes(keyFormat)) return `draft.keyFormat is not one of ${KEY_FORMATS.join(', ')}`;
  if (!(COMPRESSIONS as readonly unknown[]).includes(o.compression)) return `draft.compression is not one of ${COMPRESSIONS.join(', ')}`;
  if (!(ACKS as readonly unknown[]).includes(o.acks)) return 'draft.acks is not all or leader';
  const keySchema = parseSchemaRef(o.keySchema, 'draft.keySchema');
  if (typeof keySchema === 'string') return keySchema;
  const valueSchema = parseSchemaRef(o.valueSchema, 'draft.valueSchema');
  if (typeof valueSchema === 'string') return valueSchema;
  if (!Array.isArray(o.headers) || o.headers.length > MAX_HEADERS) return `draft.headers is not a list of at most ${MAX_HEADERS} rows`;
  const headers: HeaderRow[] = [];
  for (const h of o.headers as unknown[]) {
    const r = h as Record<string, unknown> | null;
    if (typeof r !== 'object' || r === null || typeof r.name !== 'string' || typeof r.value !== 'string') return 'draft.headers has a row that is not {name, value}';
    headers.push({ name: r.name, value: r.value });
  }
  return {
    topic: o.topic as string, key: o.key as string, keyFormat: keyFormat as KeyFormat, value: o.value as string, valueFormat: o.valueFormat as ValueFormat,
    headers, partition: o.partition as string, compression: o.compression as Compression, acks: o.acks as Acks, count: o.count as string,
    ...(keySchema ? { keySchema } : {}), ...(valueSchema ? { valueSchema } : {}),
  };
}
