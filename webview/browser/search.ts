// Search the topic, not just the window: from where the toolbar says to read, to the end of the topic,
// a number of records or a time, with the filter above; the first N matches replace the table.
import type { SearchDone, SearchField, SearchProgressView, SearchTo } from '../../src/browser/protocol';
import { byId, h } from '../src/dom';
import { filterSpec, showFilterError } from './filterBar';
import { post } from './state';
import { errorLine, readRequest, select, showReadError } from './toolbar';

type Input = HTMLElement & { value: string };
const val = (id: string): string => byId<Input>(id).value;
const count = (n: number): string => n.toLocaleString('en-US');

export function searchSection(): HTMLElement {
  return h('section', { class: 'search', 'aria-label': 'Search the topic' },
    h('div', { class: 'bar' },
      h('span', { class: 'label' }, 'Search the topic with this filter, from where "Read" starts, to'),
      select('search-to', [['end', 'the end'], ['count', 'N records scanned'], ['timestamp', 'a time']], 'Where the search stops'),
      h('vscode-textfield', { id: 'search-to-text', class: 'mid', placeholder: '100000 or 5 minutes ago', hidden: true }),
      h('span', { class: 'label' }, 'keeping the first'),
      h('vscode-textfield', { id: 'search-max', class: 'short', value: '1000' }),
      h('span', { class: 'label' }, 'matches'),
      h('vscode-button', { id: 'search-go' }, 'Search'),
      h('vscode-button', { id: 'search-cancel', secondary: true, hidden: true }, 'Cancel'),
      h('vscode-button', { id: 'back-to-window', secondary: true, hidden: true }, 'Back to the window')),
    errorLine('search-error'),
    h('div', { id: 'search-progress', class: 'muted', role: 'status', 'aria-live': 'polite' }));
}

export function showSearchError(field: SearchField | null, error: string | null): void {
  byId('search-error').textContent = '';
  if (field === 'text' || field === 'json' || field === 'partitions' || field === 'time') return showFilterError(field, error);
  if (field === 'last' || field === 'offset' || field === 'to') return showReadError(field, error);
  byId('search-error').textContent = error ?? '';
}

export function showProgress(p: SearchProgressView): void {
  const reached = Object.entries(p.reached).map(([k, v]) => `p${k}@${v}`).join(', ');
  byId('search-progress').textContent = `Scanned ${count(p.scanned)} records (${count(Math.round(p.perSecond))}/s), ${count(p.matched)} matches; reached ${reached}`;
}

export function searchDone(d: SearchDone): void {
  byId('search-go').hidden = false;
  byId('search-cancel').hidden = true;
  const reached = Object.entries(d.reached).map(([k, v]) => `p${k}@${v}`).join(', ');
  byId('search-progress').textContent = `${count(d.matched)} matches in ${count(d.scanned)} records scanned in ${(d.ms / 1000).toFixed(1)} s${reached ? `; reached ${reached}` : ''}.`;
}

export function wireSearch(): void {
  byId('search-to').addEventListener('change', () => { byId('search-to-text').hidden = val('search-to') === 'end'; });
  byId('search-go').addEventListener('click', () => {
    const f = filterSpec();
    if ('field' in f) return showFilterError(f.field, f.error);
    byId('search-go').hidden = true;
    byId('search-cancel').hidden = false;
    byId('search-progress').textContent = 'Searching…';
    post({ type: 'search', request: { read: readRequest(), to: val('search-to') as SearchTo, toText: val('search-to-text'), maxMatchesText: val('search-max'), filter: f.spec } });
  });
  byId('search-cancel').addEventListener('click', () => post({ type: 'cancelSearch' }));
  byId('back-to-window').addEventListener('click', () => post({ type: 'backToWindow' }));
}
