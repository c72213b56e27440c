// The filter of the window, applied as you type (debounced): text (or a regular expression) in all
// fields / key / value / headers, a JSON condition on the value, partitions, a time range. Errors come
// from the same compileFilter the extension runs, shown next to their field; the match count is exact.
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import { parsePartitionList, parseTimestamp } from '../../src/kafka/rules/consumerOptions';
import { compileFilter, FilterField, FilterScope, FilterSpec } from '../../src/kafka/rules/recordFilter';
import { byId, h } from '../src/dom';
import { post, state } from './state';
import { errorLine, select } from './toolbar';

type Input = HTMLElement & { value: string };
const val = (id: string): string => byId<Input>(id).value;
const DEBOUNCE_MS = 200;
const FIELDS: Record<FilterField, string[]> = { text: ['filter-text'], json: ['filter-json'], partitions: ['filter-partitions'], time: ['filter-from', 'filter-to'] };

export function filterSection(): HTMLElement {
  const f = (label: string, control: HTMLElement, err?: string, cls = ''): HTMLElement =>
    h('div', { class: `ffield ${cls}` }, h('vscode-label', { for: control.id }, label), control, err ? errorLine(err) : null);
  return h('section', { class: 'filter', 'aria-label': 'Filter' },
    h('div', { class: 'bar' },
      f('Filter', h('vscode-textfield', { id: 'filter-text', placeholder: 'text in key, value or headers' }), 'error-text', 'grow'),
      h('vscode-checkbox', { id: 'filter-regex', label: 'Regex', title: 'Read the text as a regular expression' }),
      f('In', select('filter-scope', [['all', 'all fields'], ['key', 'key'], ['value', 'value'], ['headers', 'headers']], 'Where the text is looked for')),
      f('JSON condition', h('vscode-textfield', { id: 'filter-json', placeholder: 'user.id == 42 and amount > 100' }), 'error-json', 'grow'),
      f('Partitions', h('vscode-textfield', { id: 'filter-partitions', placeholder: 'all', class: 'short' }), 'error-partitions'),
      f('From', h('vscode-textfield', { id: 'filter-from', placeholder: 'any time', class: 'mid' }), 'error-time'),
      f('To', h('vscode-textfield', { id: 'filter-to', placeholder: 'now', class: 'mid' })),
      h('vscode-button', { id: 'filter-clear', secondary: true }, 'Clear')));
}

/** The spec as typed, or the first field that is wrong and why. */
export function filterSpec(): { spec: FilterSpec } | { field: FilterField; error: string } {
  const spec: FilterSpec = { scope: val('filter-scope') as FilterScope, regex: byId<VscodeCheckbox>('filter-regex').checked };
  if (val('filter-text')) spec.text = val('filter-text');
  if (val('filter-json').trim()) spec.json = val('filter-json');
  const parts = parsePartitionList(val('filter-partitions'), state.partitions ?? undefined);
  if ('error' in parts) return { field: 'partitions', error: parts.error };
  if (parts.value) spec.partitions = parts.value;
  for (const [id, k] of [['filter-from', 'fromMs'], ['filter-to', 'toMs']] as const) {
    if (!val(id).trim()) continue;
    const t = parseTimestamp(val(id));
    if ('error' in t) return { field: 'time', error: `${k === 'fromMs' ? 'From' : 'To'}: ${t.error}` };
    spec[k] = t.value;
  }
  const c = compileFilter(spec);
  return c.ok ? { spec } : { field: c.field, error: c.error };
}

export function showFilterError(field: FilterField | null, error: string | null): void {
  for (const [f, ids] of Object.entries(FIELDS)) {
    for (const id of ids) byId(id).toggleAttribute('invalid', f === field);
    byId(`error-${f}`).textContent = f === field ? error ?? '' : '';
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;

export function applyFilter(): void {
  if (timer) clearTimeout(timer);
  timer = undefined;
  const r = filterSpec();
  if ('field' in r) {
    showFilterError(r.field, r.error);
    return;
  }
  showFilterError(null, null);
  post({ type: 'filter', spec: r.spec });
}

const schedule = (): void => {
  if (timer) clearTimeout(timer);
  timer = setTimeout(applyFilter, DEBOUNCE_MS);
};

/** Sets the time range (from the histogram's brush) and applies it at once. */
export function setTimeRange(fromMs: number, toMs: number): void {
  byId<Input>('filter-from').value = new Date(fromMs).toISOString();
  byId<Input>('filter-to').value = new Date(toMs).toISOString();
  applyFilter();
}

export function writeFilter(s: FilterSpec): void {
  byId<Input>('filter-text').value = s.text ?? '';
  byId<VscodeCheckbox>('filter-regex').checked = s.regex === true;
  byId<Input>('filter-scope').value = s.scope ?? 'all';
  byId<Input>('filter-json').value = s.json ?? '';
  byId<Input>('filter-partitions').value = s.partitions?.join(',') ?? '';
  byId<Input>('filter-from').value = s.fromMs !== undefined ? new Date(s.fromMs).toISOString() : '';
  byId<Input>('filter-to').value = s.toMs !== undefined ? new Date(s.toMs).toISOString() : '';
}

export function wireFilter(): void {
  for (const id of ['filter-text', 'filter-json', 'filter-partitions', 'filter-from', 'filter-to']) byId(id).addEventListener('input', schedule);
  byId('filter-regex').addEventListener('change', applyFilter);
  byId('filter-scope').addEventListener('change', applyFilter);
  byId('filter-clear').addEventListener('click', () => { writeFilter({}); applyFilter(); });
}
