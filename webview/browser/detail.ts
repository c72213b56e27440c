// The selected record in full: value as pretty JSON with folding (a <details> per object and array), text,
// or a hex dump; key; headers; partition, offset, timestamp and its type, size, compression; and what can
// be done with it. A large value is shown whole here (the table shows a cut preview).
import type { DetailView, RecordAction, Shown } from '../../src/browser/protocol';
import { byId, clear, h } from '../src/dom';
import { post, state } from './state';

const count = (n: number): string => n.toLocaleString('en-US');

const ACTIONS: Array<[RecordAction, string, string]> = [
  ['copyValue', 'Copy value', 'Copy the value (text as it is, bytes as hex)'],
  ['copyKey', 'Copy key', 'Copy the key'],
  ['copyRecord', 'Copy as JSON', 'Copy the whole record as JSON'],
  ['openJson', 'Open as JSON', 'Open the record as a read-only JSON document'],
  ['resend', 'Re-send…', 'Open the producer with this record in the form'],
  ['copyKcat', 'Copy kcat command', 'Copy a kcat command that produces this record again'],
  ['copySnippet', 'Copy as…', 'Copy code that produces this record again and reads it back: kafka-python, kafkajs, kcat, console tools'],
];

export function detailSection(): HTMLElement {
  return h('section', { class: 'detail', id: 'detail', 'aria-label': 'Record detail' },
    h('p', { class: 'muted', id: 'detail-empty' }, 'Select a record to see it in full.'),
    h('div', { id: 'detail-body', hidden: true },
      h('div', { class: 'detail-actions' }, ...ACTIONS.map(([a, label, title]) => h('vscode-button', { id: `act-${a}`, secondary: a !== 'resend', title, 'data-action': a }, label))),
      h('div', { id: 'detail-info', class: 'info-line', role: 'status', 'aria-live': 'polite' }),
      h('dl', { id: 'detail-meta', class: 'meta' }),
      h('h3', { id: 'detail-key-title' }, 'Key'), h('div', { id: 'detail-key' }),
      h('h3', { id: 'detail-value-title' }, 'Value'), h('div', { id: 'detail-value' }),
      h('h3', { id: 'detail-headers-title' }, 'Headers'), h('div', { id: 'detail-headers' })));
}

/** Pretty JSON lines, folded: a line opening an object or array starts a <details> that ends at its closing line. */
function foldJson(text: string): HTMLElement {
  const lines = text.split('\n');
  const root = h('div', { class: 'json mono' });
  const stack: HTMLElement[] = [root];
  for (const line of lines) {
    const top = stack[stack.length - 1];
    const t = line.trimEnd();
    if (/[[{]$/.test(t)) {
      const body = h('div', { class: 'json-body' });
      const d = h('details', { open: true }, h('summary', {}, line), body);
      top.append(d);
      stack.push(body);
    } else if (/^\s*[\]}],?$/.test(t) && stack.length > 1) {
      top.append(h('div', { class: 'json-close' }, line));
      stack.pop();
    } else {
      top.append(h('div', {}, line || ' '));
    }
  }
  return root;
}

function shownEl(s: Shown): HTMLElement {
  // Could not be decoded: why, then the raw bytes.
  if (s.marker !== undefined) return h('div', {}, h('div', { class: 'marker mono decode-failed', role: 'note' }, `«${s.marker}»`), h('pre', { class: 'mono hex' }, s.text));
  switch (s.kind) {
    case 'null': return h('div', { class: 'marker mono' }, s.text, h('span', { class: 'muted' }, ' (null: a tombstone for a value)'));
    case 'empty': return h('div', { class: 'marker mono' }, s.text);
    case 'json': return foldJson(s.text);
    case 'text': return h('pre', { class: 'mono text' }, s.text);
    case 'binary': return h('pre', { class: 'mono hex', title: 'Not UTF-8 text: shown as a hex dump' }, s.text);
  }
}

const kindLabel = (s: Shown): string => s.decodedWith ?? (s.marker !== undefined ? 'not decoded, hex dump' : s.kind === 'binary' ? `bytes, hex dump` : s.kind === 'json' ? 'JSON' : s.kind);

export function showDetail(d: DetailView): void {
  state.detail = d;
  state.selectedKey = `${d.partition}@${d.offset}`;
  byId('detail-empty').hidden = true;
  byId('detail-body').hidden = false;
  byId('detail-info').textContent = '';
  const meta = byId('detail-meta');
  clear(meta);
  const ts = Number(d.timestamp);
  const rows: Array<[string, string]> = [
    ['Position', `partition ${d.partition}, offset ${d.offset}`],
    ['Timestamp', `${Number.isFinite(ts) && ts >= 0 ? new Date(ts).toISOString() : d.timestamp}${d.timestampType ? ` (${d.timestampType})` : ''}`],
    ['Size', `${count(d.size)} bytes (key ${count(d.key.bytes)}, value ${count(d.value.bytes)})`],
    ['Compression', d.compression ?? 'not reported'],
  ];
  for (const [k, v] of rows) meta.append(h('dt', {}, k), h('dd', { class: 'mono' }, v));
  const key = byId('detail-key');
  clear(key);
  key.append(shownEl(d.key));
  byId('detail-key-title').textContent = d.key.decodedWith || d.key.marker !== undefined ? `Key (${kindLabel(d.key)}, ${count(d.key.bytes)} bytes)` : 'Key';
  const headers = byId('detail-headers');
  clear(headers);
  byId('detail-headers-title').textContent = `Headers (${d.headers.length})`;
  if (d.headers.length === 0) headers.append(h('p', { class: 'muted' }, 'No headers.'));
  else {
    headers.append(h('table', { class: 'headers' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Value'))),
      h('tbody', {}, ...d.headers.map((x) => h('tr', {}, h('td', { class: 'mono' }, x.name), h('td', {}, shownEl(x.value)))))));
  }
  byId('detail-value-title').textContent = `Value (${kindLabel(d.value)}, ${count(d.value.bytes)} bytes)`;
  const value = byId('detail-value');
  clear(value);
  value.append(shownEl(d.value));
}

export function showActionInfo(message: string): void {
  byId('detail-info').textContent = message;
}

export function wireDetail(): void {
  byId('detail').addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest<HTMLElement>('[data-action]');
    if (b) post({ type: 'action', action: b.dataset.action as RecordAction });
  });
}
