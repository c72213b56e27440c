// Turning a browsed record back into something that produces it again: a producer-form draft (Re-send)
// and a kcat command line. Both say plainly what they cannot carry over instead of sending other bytes.
import { asText, ConsumedRecord, headerList } from '../kafka/rules/recordFormat';
import { emptyDraft, ProduceDraft } from '../kafka/rules/produceValidation';
import { shQuote } from '../kafka/rules/snippetQuote';
import { BrowsedRecord } from './recordView';

const COMPRESSIONS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;
type DraftCompression = ProduceDraft['compression'];

function jsonText(t: string): boolean {
  const c = t.trimStart()[0];
  if (c !== '{' && c !== '[' && c !== '"') return false;
  try { JSON.parse(t); return true; } catch { return false; }
}

/** The producer form for this record, or why it cannot hold it losslessly (the form holds text only). */
export function toDraft(topic: string, r: BrowsedRecord): { draft: ProduceDraft; warning?: string } | { error: string } {
  const d = emptyDraft(topic);
  const notText = (what: string, b: Buffer): string =>
    `The ${what} of ${topic} p${r.partition}@${r.offset} is not UTF-8 text (${b.length} bytes): the producer form holds text, so it cannot be re-sent from the form without changing its bytes. Use "Copy kcat command" or export it instead.`;
  if (r.key === null) d.keyFormat = 'null';
  else if (r.key.length === 0) d.keyFormat = 'empty';
  else {
    const k = asText(r.key);
    if (k === undefined) return { error: notText('key', r.key) };
    d.key = k;
  }
  if (r.value === null) d.valueFormat = 'null';
  else {
    const v = asText(r.value);
    if (v === undefined && r.value.length > 0) return { error: notText('value', r.value) };
    d.value = v ?? '';
    d.valueFormat = jsonText(d.value) ? 'json' : 'text';
  }
  for (const [name, v] of headerList(r.headers)) {
    const text = typeof v === 'string' ? v : asText(v);
    if (text === undefined && typeof v !== 'string' && v.length > 0) return { error: notText(`header "${name}"`, v) };
    d.headers.push({ name, value: text ?? '' });
  }
  if (r.compression && (COMPRESSIONS as readonly string[]).includes(r.compression)) d.compression = r.compression as DraftCompression;
  const templated = [d.key, d.value, ...d.headers.map((h) => h.value)].some((s) => /\{\{[^{}]*\}\}/.test(s));
  return templated
    ? { draft: d, warning: 'This record contains {{…}}, which the producer reads as a placeholder: check the form before sending.' }
    : { draft: d };
}

/** A printf format that writes exactly these bytes (octal escapes for anything but plain ASCII). */
function printfBytes(b: Buffer): string {
  let out = '';
  for (const x of b) {
    const c = String.fromCharCode(x);
    if (x >= 0x20 && x < 0x7f && c !== '\\' && c !== '%' && c !== "'") out += c;
    else out += `\\${x.toString(8).padStart(3, '0')}`;
  }
  return `'${out}'`;
}

/**
 * A command that produces this record again with kcat. A one-line text value goes through a pipe (kcat
 * reads one message per line); a value with newlines or bytes that are not text is written to a file by
 * printf and sent as one message from it (kcat sends each file argument as one message); a tombstone uses
 * -Z (an empty message becomes null). Key and header values are command-line arguments, which cannot
 * hold every byte: those records get `error` instead.
 */
export function kcatCommand(bootstrap: string, topic: string, r: ConsumedRecord): { command: string } | { error: string } {
  const args = ['kcat', '-P', '-b', shQuote(bootstrap), '-t', shQuote(topic), '-p', String(r.partition)];
  const argText = (what: string, b: Buffer | string): string | { error: string } => {
    const t = typeof b === 'string' ? b : asText(b);
    if (t === undefined) return { error: `The ${what} is not UTF-8 text: kcat takes it as a command-line argument, which cannot carry these bytes. Export the record instead.` };
    return t;
  };
  let key: string | null = null;
  if (r.key !== null) {
    const k = argText('key', r.key);
    if (typeof k !== 'string') return k;
    key = k;
    if (r.value !== null) args.push('-k', shQuote(k));
  }
  for (const [name, v] of headerList(r.headers)) {
    const t = argText(`header "${name}"`, v);
    if (typeof t !== 'string') return t;
    args.push('-H', shQuote(`${name}=${t}`));
  }
  if (r.value === null) {
    // kcat skips an empty input line, so a tombstone goes as "key<delimiter>" with -K and -Z (an empty
    // value becomes null); the delimiter is one the key does not contain.
    const k = key ?? '';
    if (/[\r\n]/.test(k)) return { error: 'The key of this tombstone has a line break: kcat reads one message per line, so it cannot send it. Export the record instead.' };
    if (k === '' && r.key !== null) return { error: 'This tombstone has an empty key (""): kcat -Z would send it as no key (null). Use the producer panel (Re-send) instead.' };
    const delim = ['|', '#', '~', '::', '@@'].find((d) => !k.includes(d)) ?? '\u241e';
    return { command: `printf '%s\\n' ${shQuote(k + delim)} | ${[...args, '-K', shQuote(delim), '-Z'].join(' ')}` };
  }
  const text = asText(r.value);
  if (text !== undefined && text.length > 0 && !/[\r\n]/.test(text)) return { command: `printf '%s\\n' ${shQuote(text)} | ${args.join(' ')}` };
  // Empty, multi-line or binary: the exact bytes go through a file, sent whole as one message.
  return { command: `printf ${printfBytes(r.value)} > record.value && ${args.join(' ')} record.value` };
}
