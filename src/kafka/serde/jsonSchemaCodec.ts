// JSON Schema through ajv (draft-07 by default, 2019-09 and 2020-12 by their $schema). The payload is the
// JSON text itself, shown as written (a 64-bit id is never re-printed through a JS number); encoding writes
// the typed value compactly with its numbers as typed. References are added to ajv under their names.
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { decodePrimitive } from '../rules/primitiveFormats';
import type { SchemaCodec } from './codec';
import { compactText, parseJsonTree, ptr, toPlain, type JNode } from './jsonTree';
import type { ResolvedReference } from './schemaCodecs';
import { SerdeError, type SchemaFieldError } from './types';

type Schema = boolean | Record<string, unknown>;

function ajvFor(schema: Schema): Ajv {
  const draft = typeof schema === 'object' ? String(schema.$schema ?? '') : '';
  const opts = { strict: false, allErrors: true, validateSchema: false, logger: false as const, validateFormats: false };
  if (draft.includes('2020-12')) return new Ajv2020(opts);
  if (draft.includes('2019-09')) return new Ajv2019(opts);
  return new Ajv(opts);
}

function fieldError(e: ErrorObject): SchemaFieldError {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return { path: ptr(e.instancePath, String(p.missingProperty)), message: `required: the schema requires property "${String(p.missingProperty)}"` };
  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
    const name = String(p.additionalProperty ?? p.unevaluatedProperty);
    return { path: ptr(e.instancePath, name), message: `property "${name}" is not allowed by the schema` };
  }
  if (e.keyword === 'enum') return { path: e.instancePath, message: `must be one of ${(p.allowedValues as unknown[]).map((x) => JSON.stringify(x)).join(', ')}` };
  if (e.keyword === 'const') return { path: e.instancePath, message: `must be ${JSON.stringify(p.allowedValue)}` };
  return { path: e.instancePath, message: e.message ?? e.keyword };
}

const jsonOf = (s: Schema | undefined): Record<string, unknown> => (typeof s === 'object' && s !== null ? s : {});

/** A value the schema accepts, built from const/default/examples/enum first, then type by type. */
function exampleOf(s: Schema | undefined, resolve: (ref: string) => Schema | undefined, depth: number, name = ''): unknown {
  const j = jsonOf(s);
  if (depth > 8) return null;
  if (typeof j.$ref === 'string') return exampleOf(resolve(j.$ref), resolve, depth + 1, name);
  if ('const' in j) return j.const;
  if ('default' in j) return j.default;
  if (Array.isArray(j.examples) && j.examples.length > 0) return j.examples[0];
  if (Array.isArray(j.enum) && j.enum.length > 0) return j.enum[0];
  for (const k of ['oneOf', 'anyOf']) if (Array.isArray(j[k]) && (j[k] as Schema[]).length > 0) return exampleOf((j[k] as Schema[])[0], resolve, depth + 1, name);
  if (Array.isArray(j.allOf)) {
    const parts = (j.allOf as Schema[]).map((x) => exampleOf(x, resolve, depth + 1, name));
    if (parts.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x))) return Object.assign({}, ...parts) as unknown;
    return parts[0];
  }
  const types = Array.isArray(j.type) ? (j.type as string[]) : typeof j.type === 'string' ? [j.type] : [j.properties ? 'object' : j.items ? 'array' : 'string'];
  const type = types.find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'object': {
      const props = jsonOf(j.properties as Schema);
      return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, exampleOf(v as Schema, resolve, depth + 1, k)]));
    }
    case 'array': {
      const n = Math.max(1, Number(j.minItems ?? 1));
      const items = Array.isArray(j.prefixItems) ? (j.prefixItems as Schema[]) : [];
      return Array.from({ length: Math.max(n, items.length) }, (_, i) => exampleOf(items[i] ?? (Array.isArray(j.items) ? (j.items as Schema[])[i] : (j.items as Schema)), resolve, depth + 1, name));
    }
    case 'integer': case 'number': {
      const min = typeof j.minimum === 'number' ? j.minimum : typeof j.exclusiveMinimum === 'number' ? j.exclusiveMinimum + 1 : undefined;
      const max = typeof j.maximum === 'number' ? j.maximum : undefined;
      const v = min ?? (max !== undefined ? Math.min(max, 1) : type === 'integer' ? 42 : 1.5);
      return type === 'integer' ? Math.ceil(v) : v;
    }
    case 'boolean': return true;
    case 'null': return null;
    default: {
      const formats: Record<string, string> = { 'date-time': '2024-05-01T12:00:00Z', date: '2024-05-01', time: '12:00:00Z', email: 'someone@example.com', uuid: '123e4567-e89b-12d3-a456-426614174000', uri: 'https://example.com/', hostname: 'example.com', ipv4: '127.0.0.1' };
      const text = formats[String(j.format)] ?? (name ? `${name} text` : 'text');
      const min = Number(j.minLength ?? 0);
      const max = typeof j.maxLength === 'number' ? j.maxLength : Infinity;
      return text.padEnd(min, 'x').slice(0, max);
    }
  }
}

function parseSchema(text: string, what: string): Schema {
  try {
    return JSON.parse(text) as Schema;
  } catch (e) {
    throw new SerdeError(`${what} is not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function jsonSchemaCodec(schema: string, refs: ResolvedReference[]): SchemaCodec {
  const root = parseSchema(schema, 'the JSON schema');
  const ajv = ajvFor(root);
  const named = new Map<string, Schema>();
  for (const r of refs) {
    const s = parseSchema(r.schema, `referenced schema ${r.name}`);
    named.set(r.name, s);
    if (!ajv.getSchema(r.name)) ajv.addSchema(s as Record<string, unknown>, r.name);
  }
  let validateFn: ValidateFunction;
  try {
    validateFn = ajv.compile(root);
  } catch (e) {
    throw new SerdeError(`the JSON schema does not compile: ${e instanceof Error ? e.message : String(e)}`);
  }
  const resolve = (ref: string): Schema | undefined => {
    if (ref.startsWith('#')) {
      let at: unknown = root;
      for (const step of ref.slice(1).split('/').filter(Boolean)) at = (at as Record<string, unknown> | undefined)?.[decodeURIComponent(step).replace(/~1/g, '/').replace(/~0/g, '~')];
      return at as Schema | undefined;
    }
    return named.get(ref) ?? (ajv.getSchema(ref)?.schema as Schema | undefined);
  };
  const validate = (node: JNode): SchemaFieldError[] => (validateFn(toPlain(node)) ? [] : (validateFn.errors ?? []).map(fieldError));
  return {
    decode: (payload) => {
      const text = decodePrimitive(payload, 'string');
      if ('error' in text) throw new Error(`the payload is ${text.error.replace(/; pick hex.*$/, '')}`);
      const parsed = parseJsonTree(text.text);
      if ('error' in parsed) throw new Error(`the payload is ${parsed.error.message}`);
      return { json: text.text };
    },
    validate,
    encode: (node) => {
      const errs = validate(node);
      if (errs.length > 0) throw new Error(errs[0].message);
      return { payload: Buffer.from(compactText(node), 'utf8') };
    },
    example: () => JSON.stringify(exampleOf(root, resolve, 0)),
  };
}
