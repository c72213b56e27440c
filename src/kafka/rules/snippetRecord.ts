// A consumed record as Copy as… takes it: key, value and headers as text. Bytes that are not text (see
// asText) cannot be written as a literal every snippet language reads back the same, so they are refused
// with the field named.
import { asText, ConsumedRecord, headerList } from './recordFormat';
import type { SnippetRecord } from './snippetCommon';

export function snippetRecordOf(r: ConsumedRecord): SnippetRecord | { error: string } {
  const notText = (what: string): { error: string } => ({
    error: `Copy as… writes the record as text, and its ${what} is binary (not UTF-8 text): copy it with Copy value / Copy key (hex) instead.`,
  });
  const text = (b: Buffer | string): string | undefined => (typeof b === 'string' ? b : asText(b));
  const key = r.key === null ? null : text(r.key);
  if (key === undefined) return notText('key');
  const value = r.value === null ? null : text(r.value);
  if (value === undefined) return notText('value');
  const headers: SnippetRecord['headers'] = [];
  for (const [name, v] of headerList(r.headers)) {
    const t = text(v);
    if (t === undefined) return notText(`header "${name}"`);
    headers.push({ key: name, value: t });
  }
  return { partition: r.partition, offset: r.offset, key, value, headers };
}
