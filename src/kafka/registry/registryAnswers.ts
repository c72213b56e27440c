// The shapes of the Confluent API's answers, checked field by field: a proxy page or another API that
// happens to answer JSON must become a clear "not a registry" message, never a half-filled object.
import { COMPATIBILITIES, type Compatibility, type RegisteredSchema, type SchemaReference, type SchemaType } from './types';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWhole = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

export function parseStringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v as string[] : undefined;
}

export function parseNumberList(v: unknown): number[] | undefined {
  return Array.isArray(v) && v.every(isWhole) ? v as number[] : undefined;
}

function parseSchemaType(v: unknown): SchemaType | undefined {
  // The API leaves schemaType out for Avro.
  if (v === undefined || v === null) return 'AVRO';
  return v === 'AVRO' || v === 'PROTOBUF' || v === 'JSON' ? v : undefined;
}

function parseReferences(v: unknown): SchemaReference[] | undefined {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return undefined;
  const out: SchemaReference[] = [];
  for (const r of v) {
    if (!isObj(r) || typeof r.name !== 'string' || typeof r.subject !== 'string' || !isWhole(r.version)) return undefined;
    out.push({ name: r.name, subject: r.subject, version: r.version });
  }
  return out;
}

/**
 * A schema answer: {subject, version, id, schema, schemaType?, references?} from /subjects/…/versions/…,
 * or {schema, schemaType?, references?} from /schemas/ids/… (withIds false; the caller adds the id).
 */
export function parseSchemaAnswer(v: unknown, withIds = true): RegisteredSchema | undefined {
  if (!isObj(v) || typeof v.schema !== 'string') return undefined;
  const schemaType = parseSchemaType(v.schemaType);
  const references = parseReferences(v.references);
  if (!schemaType || !references) return undefined;
  if (!withIds) return { id: -1, schemaType, schema: v.schema, references };
  if (!isWhole(v.id) || !isWhole(v.version)) return undefined;
  return {
    id: v.id, schemaType, schema: v.schema, references,
    subject: typeof v.subject === 'string' ? v.subject : undefined,
    version: v.version,
  };
}

export function parseIdAnswer(v: unknown): number | undefined {
  return isObj(v) && isWhole(v.id) ? v.id : undefined;
}

/** /schemas/ids/{id}/versions: [{subject, version}]. */
export function parseSubjectVersions(v: unknown): Array<{ subject: string; version: number }> | undefined {
  if (!Array.isArray(v)) return undefined;
  const out: Array<{ subject: string; version: number }> = [];
  for (const x of v) {
    if (!isObj(x) || typeof x.subject !== 'string' || !isWhole(x.version)) return undefined;
    out.push({ subject: x.subject, version: x.version });
  }
  return out;
}

/** {compatibilityLevel} from GET /config (some registries say {compatibility}). */
export function parseCompatibility(v: unknown): Compatibility | undefined {
  if (!isObj(v)) return undefined;
  const level = v.compatibilityLevel ?? v.compatibility;
  return (COMPATIBILITIES as readonly unknown[]).includes(level) ? level as Compatibility : undefined;
}
