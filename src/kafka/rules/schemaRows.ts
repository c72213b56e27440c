// Texts of the Schemas part of the tree and of schema documents (pure, unit-tested): subject and version
// rows, the document text of a schema, and which schema type an editor's text is.

/** As src/kafka/registry/types.ts has them (rules/ imports nothing outside itself; the shapes are checked where they meet). */
type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';
interface SubjectSummary { subject: string; schemaType: SchemaType; latestVersion: number; id: number }

export interface SchemaRowText {
  label: string;
  description?: string;
  tooltip: string;
}

/** The type as people write it in rows and pickers. */
export const TYPE_NAMES: Record<SchemaType, string> = { AVRO: 'AVRO', PROTOBUF: 'PROTOBUF', JSON: 'JSON Schema' };

/** "orders-value" with "AVRO · v3" beside it: the name is what one scans for, the rest fits at the default width. */
export function subjectRow(s: SubjectSummary): SchemaRowText {
  return {
    label: s.subject,
    description: `${s.schemaType === 'JSON' ? 'JSON' : s.schemaType} · v${s.latestVersion}`,
    tooltip: `**${s.subject}**\n\n${TYPE_NAMES[s.schemaType]}, latest version ${s.latestVersion} (schema id ${s.id})`,
  };
}

/** "v3 · id 7"; the latest version says so. */
export function versionRow(subject: string, version: number, id: number | undefined, latest: boolean): SchemaRowText {
  return {
    label: `v${version}${id !== undefined ? ` · id ${id}` : ''}`,
    description: latest ? 'latest' : undefined,
    tooltip: `${subject} version ${version}${id !== undefined ? `, schema id ${id}` : ''}${latest ? ' (latest)' : ''}\n\nClick to open it.`,
  };
}

/** The document text of a schema: JSON pretty-printed with 2 spaces (the registry stores it on one line), .proto as stored. */
export function schemaDocumentText(type: SchemaType, schema: string): string {
  if (type === 'PROTOBUF') return schema.endsWith('\n') ? schema : `${schema}\n`;
  try {
    return `${JSON.stringify(JSON.parse(schema), null, 2)}\n`;
  } catch {
    // Stored by another tool as something that is not JSON: shown exactly as it is rather than hidden.
    return schema;
  }
}

/** The file suffix of a schema document (its tab title), as the schema tools name such files. */
export function schemaFileSuffix(type: SchemaType): string {
  return type === 'AVRO' ? '.avsc' : type === 'PROTOBUF' ? '.proto' : '.json';
}

/**
 * The type of an editor's text, from its language or file name first and its content second; undefined
 * when it cannot tell (then the person is asked). JSON is Avro when it declares a named type ("record",
 * "enum", "fixed") and JSON Schema when it has $schema, properties or a JSON Schema type keyword.
 */
export function guessSchemaType(text: string, languageId: string, fileName: string): SchemaType | undefined {
  const name = fileName.toLowerCase();
  if (name.endsWith('.avsc')) return 'AVRO';
  if (name.endsWith('.proto') || languageId === 'proto' || languageId === 'proto3' || languageId === 'protobuf') return 'PROTOBUF';
  if (/^\s*syntax\s*=\s*"proto[23]"/m.test(text)) return 'PROTOBUF';
  let v: unknown;
  try { v = JSON.parse(text); } catch { return undefined; }
  if (Array.isArray(v)) return 'AVRO'; // an Avro union at the top
  if (typeof v !== 'object' || v === null) return typeof v === 'string' ? 'AVRO' : undefined; // "string": an Avro primitive
  const o = v as Record<string, unknown>;
  if (typeof o.$schema === 'string' || o.properties !== undefined || o.$ref !== undefined || o.$defs !== undefined || o.definitions !== undefined) return 'JSON';
  if ((o.type === 'array' && typeof o.items === 'string') || (o.type === 'map' && o.values !== undefined)) return 'AVRO';
  if (['record', 'enum', 'fixed'].includes(o.type as string) && typeof o.name === 'string') return 'AVRO';
  if (['object', 'array', 'integer', 'number', 'boolean', 'null'].includes(o.type as string)) return 'JSON';
  return undefined;
}
