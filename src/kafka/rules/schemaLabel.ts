// How a record line names the schema its key/value was read with: `avro orders-value v3 id 7`,
// `protobuf shop.Order orders-value v1 id 9`, `avro file order.avsc`. Pure: the browser webview shows it too.

/** The shape of src/kafka/serde/types.ts's SchemaLabel (rules/ imports nothing outside itself; the two stay assignable). */
export interface SchemaLabelFields {
  type: 'AVRO' | 'PROTOBUF' | 'JSON';
  id?: number;
  subject?: string;
  version?: number;
  messageName?: string;
  file?: string;
}

export function schemaLabelText(l: SchemaLabelFields): string {
  const parts: string[] = [l.type === 'JSON' ? 'json-schema' : l.type.toLowerCase()];
  if (l.messageName) parts.push(l.messageName);
  if (l.file !== undefined) parts.push('file', l.file);
  if (l.subject !== undefined) parts.push(l.subject);
  if (l.version !== undefined) parts.push(`v${l.version}`);
  if (l.id !== undefined) parts.push(`id ${l.id}`);
  return parts.join(' ');
}

/** The marker before the decoded JSON on a consumer line: «avro orders-value v3 id 7». */
export const schemaMark = (l: SchemaLabelFields): string => `«${schemaLabelText(l)}»`;

/** A decode failure's marker: «schema id 42: not in the registry at …». */
export const failureMark = (marker: string): string => `«${marker}»`;
