// Where to read (beginning, the newest N of each partition, an offset, a timestamp or a time range),
// which partitions, Live, Read / Stop; the exact counts and the status line; the export buttons.
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import { parseReadRequest, ReadFrom, ReadRequest } from '../../src/kafka/rules/browseRequest';
import { FORMAT_SELECTS, type Counts, type FormatChoice, type ReadField } from '../../src/browser/protocol';
import { byId, h } from '../src/dom';
import { post, state } from './state';

type Input = HTMLElement & { value: string };
const val = (id: string): string => byId<Input>(id).value;
const count = (n: number): string => n.toLocaleString('en-US');

export function select(id: string, options: Array<[string, string]>, aria: string): HTMLElement {
  const s = h('vscode-single-select', { id, 'aria-label': aria });
  for (const [value, label] of options) s.append(h('vscode-option', { value }, label));
  return s;
}

export const errorLine = (id: string): HTMLElement => h('div', { class: 'error', id, role: 'alert', 'aria-live': 'polite' });

const field = (label: string, control: HTMLElement, cls = ''): HTMLElement =>
  h('div', { class: `tfield ${cls}` }, h('vscode-label', { for: control.id }, label), control);

/** The key/value formats: how the records held are decoded (changing one decodes them anew, nothing is read again). */
const FORMAT_LABELS: Record<string, string> = { auto: 'Auto', registry: 'Schema Registry', file: 'Schema file…' };
const formatOptions: Array<[string, string]> = FORMAT_SELECTS.map((f) => [f, FORMAT_LABELS[f] ?? f]);

export function showFormats(key: FormatChoice, value: FormatChoice): void {
  for (const [id, c] of [['key-format', key], ['value-format', value]] as const) {
    const s = byId<Input>(id);
    s.value = c.select;
    s.title = c.label;
  }
}

export function toolbarSection(): HTMLElement {
  return h('section', { class: 'toolbar', 'aria-label': 'Where to read' },
    h('div', { class: 'bar' },
      field('Read', select('read-from', [['latest', 'Newest N per partition'], ['beginning', 'From the beginning'], ['offset', 'From an offset'], ['timestamp', 'From a time'], ['range', 'A time range']], 'Where to read')),
      field('N per partition', h('vscode-textfield', { id: 'read-last', class: 'short' }), 'for-latest'),
      field('Offset', h('vscode-textfield', { id: 'read-offset', placeholder: '42 or 0:42, 1:17' }), 'for-offset'),
      field('From', h('vscode-textfield', { id: 'read-time', placeholder: '15 minutes ago or 2024-05-01T13:00' }), 'for-timestamp for-range'),
      field('To', h('vscode-textfield', { id: 'read-to', placeholder: 'now' }), 'for-range'),
      field('Partitions', h('vscode-textfield', { id: 'read-partitions', placeholder: 'all', class: 'short' })),
      h('vscode-checkbox', { id: 'read-live', label: 'Live', title: 'Keep appending new records as they arrive' }),
      field('Key as', select('key-format', formatOptions, 'Key format'), 'format'),
      field('Value as', select('value-format', formatOptions, 'Value format'), 'format'),
      h('vscode-button', { id: 'read-go' }, 'Read'),
      h('vscode-button', { id: 'read-stop', secondary: true }, 'Stop'),
      h('span', { class: 'spacer-flex' }),
      h('vscode-button', { id: 'export-window', secondary: true, title: 'Export every record held in the window' }, 'Export window'),
      h('vscode-button', { id: 'export-filtered', secondary: true, title: 'Export the rows of the table (filtered, or the search results)' }, 'Export rows')),
    errorLine('read-error'),
    h('div', { class: 'counts', id: 'counts', role: 'status', 'aria-live': 'polite' }),
    h('div', { class: 'status', id: 'status', role: 'status' }));
}

export function readRequest(): ReadRequest {
  return {
    from: val('read-from') as ReadFrom, lastText: val('read-last'), offsetText: val('read-offset'), timeText: val('read-time'),
    toText: val('read-to'), partitionsText: val('read-partitions'), live: byId<VscodeCheckbox>('read-live').checked,
  };
}

function showFor(from: string): void {
  for (const el of document.querySelectorAll<HTMLElement>('.toolbar .tfield[class*="for-"]')) el.hidden = !el.classList.contains(`for-${from}`);
}

export function writeRequest(r: ReadRequest): void {
  byId<Input>('read-from').value = r.from;
  byId<Input>('read-last').value = r.lastText;
  byId<Input>('read-offset').value = r.offsetText;
  byId<Input>('read-time').value = r.timeText;
  byId<Input>('read-to').value = r.toText;
  byId<Input>('read-partitions').value = r.partitionsText;
  byId<VscodeCheckbox>('read-live').checked = r.live;
  showFor(r.from);
}

const READ_CONTROL: Record<ReadField, string> = { last: 'read-last', offset: 'read-offset', time: 'read-time', to: 'read-to', partitions: 'read-partitions' };

export function showReadError(field: ReadField | null, error: string | null): void {
  for (const id of Object.values(READ_CONTROL)) byId(id).removeAttribute('invalid');
  if (field) byId(READ_CONTROL[field]).setAttribute('invalid', '');
  byId('read-error').textContent = error ?? '';
}

/** Checks as you type with the extension's own parser; the extension checks again on Read. */
function check(): boolean {
  const p = parseReadRequest(readRequest(), state.partitions ?? undefined);
  showReadError(p.ok ? null : p.field, p.ok ? null : p.error);
  return p.ok;
}

export function showCounts(c: Counts): void {
  const parts = [`Read ${count(c.read)}`, `held ${count(c.held)} of ${count(c.maxRecords)}`, `fell out of the window ${count(c.evicted)}`];
  if (c.filtered) parts.push(`matching the filter ${count(c.matching)}`);
  if (c.source === 'search') parts.push(`table: ${count(c.rows)} search results`);
  byId('counts').textContent = parts.join(' · ') + (c.reading ? (c.live ? ' · live' : ' · reading…') : '');
  byId('read-stop').toggleAttribute('disabled', !c.reading);
  byId('export-filtered').toggleAttribute('disabled', c.rows === 0);
  byId('export-window').toggleAttribute('disabled', c.held === 0);
  byId('back-to-window').hidden = c.source !== 'search';
}

export function showStatus(line: string, level: 'info' | 'warning' | 'error'): void {
  const s = byId('status');
  s.textContent = line;
  s.className = `status ${level}`;
}

export function wireToolbar(): void {
  byId('read-from').addEventListener('change', () => { showFor(val('read-from')); check(); });
  for (const id of Object.values(READ_CONTROL)) byId(id).addEventListener('input', () => check());
  byId('read-go').addEventListener('click', () => { if (check()) post({ type: 'read', request: readRequest() }); });
  byId('read-stop').addEventListener('click', () => post({ type: 'stop' }));
  for (const id of ['key-format', 'value-format']) {
    byId(id).addEventListener('change', () => post({ type: 'formats', key: val('key-format'), value: val('value-format') }));
  }
  byId('export-window').addEventListener('click', () => post({ type: 'export', which: 'window' }));
  byId('export-filtered').addEventListener('click', () => post({ type: 'export', which: 'filtered' }));
  for (const id of ['read-last', 'read-offset', 'read-time', 'read-to', 'read-partitions']) {
    byId(id).addEventListener('keydown', (e) => { if ((e as KeyboardEvent).key === 'Enter' && check()) post({ type: 'read', request: readRequest() }); });
  }
}
