// The records table with virtual scrolling: a spacer as tall as all rows gives the scroll bar its size,
// and only the rows in view (plus a margin) exist in the DOM, positioned through the CSSOM (CSP allows it;
// inline style attributes would not be). Rows come from the extension a page at a time.
import type { RowView } from '../../src/browser/protocol';
import { byId, clear, h } from '../src/dom';
import { post, state } from './state';

export const ROW_HEIGHT = 22;
const PAGE = 100;
const MARGIN = 10;

const count = (n: number): string => n.toLocaleString('en-US');
const keyOf = (r: RowView): string => `${r.partition}@${r.offset}`;

const valid = (n: number): boolean => Number.isFinite(n) && n >= 0 && n < 8.64e15;
/** MM-DD HH:MM:SS.mmm in UTC (the year is in the tooltip and the detail): the column stays narrow. */
function time(ms: string): string {
  const n = Number(ms);
  return valid(n) ? new Date(n).toISOString().slice(5, 23).replace('T', ' ') : `ts=${ms}`;
}
const fullTime = (ms: string): string => (valid(Number(ms)) ? new Date(Number(ms)).toISOString() : ms);

export function tableSection(): HTMLElement {
  return h('section', { class: 'table', 'aria-label': 'Records' },
    h('div', { class: 'row head', role: 'row' },
      ...['P', 'Offset', 'Timestamp (UTC)', 'Key', 'Value', 'Hdrs', 'Size'].map((c) => h('div', { class: 'cell', role: 'columnheader' }, c))),
    h('div', { id: 'table-scroll', class: 'scroll', tabindex: 0, role: 'grid', 'aria-label': 'Records (arrow keys move, Enter opens)' },
      h('div', { id: 'table-spacer', class: 'spacer' }),
      h('div', { id: 'table-empty', class: 'empty muted', hidden: true })));
}

function rowEl(i: number, r: RowView | undefined): HTMLElement {
  const cls = `row${r && keyOf(r) === state.selectedKey ? ' selected' : ''}${i % 2 ? ' odd' : ''}`;
  const el = r
    ? h('div', { class: cls, role: 'row', 'data-i': i, 'aria-selected': r && keyOf(r) === state.selectedKey ? 'true' : 'false' },
      h('div', { class: 'cell num' }, String(r.partition)),
      h('div', { class: 'cell num', title: r.offset }, r.offset),
      h('div', { class: 'cell', title: fullTime(r.timestamp) }, time(r.timestamp)),
      h('div', { class: `cell${r.key === '«null»' ? ' marker' : ''}`, title: r.key }, r.key),
      h('div', { class: `cell value${r.tombstone ? ' marker' : ''}`, title: r.value }, r.value),
      h('div', { class: 'cell num' }, String(r.headers)),
      h('div', { class: 'cell num' }, count(r.size)))
    : h('div', { class: cls, role: 'row', 'data-i': i }, h('div', { class: 'cell muted' }, '…'));
  el.style.top = `${i * ROW_HEIGHT}px`;
  return el;
}

/** Asks for the pages of rows in view that are neither cached nor asked for. */
function request(first: number, last: number): void {
  const c = state.counts;
  if (!c) return;
  for (let p = Math.floor(first / PAGE) * PAGE; p <= last; p += PAGE) {
    if (state.asked.has(p) || p >= c.rows) continue;
    state.asked.add(p);
    post({ type: 'rows', version: c.version, start: p, end: Math.min(c.rows, p + PAGE) });
  }
}

export function render(): void {
  const scroll = byId('table-scroll');
  const spacer = byId('table-spacer');
  const rows = state.counts?.rows ?? 0;
  spacer.style.height = `${rows * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(scroll.scrollTop / ROW_HEIGHT) - MARGIN);
  const last = Math.min(rows - 1, Math.ceil((scroll.scrollTop + scroll.clientHeight) / ROW_HEIGHT) + MARGIN);
  clear(spacer);
  for (let i = first; i <= last; i++) spacer.append(rowEl(i, state.rows.get(i) ?? state.stale.get(i)));
  const empty = byId('table-empty');
  empty.hidden = rows > 0;
  empty.textContent = !state.counts ? '' : state.counts.source === 'search' ? 'The search found no records.'
    : state.counts.filtered && state.counts.held > 0 ? 'No record in the window matches the filter.'
      : state.counts.reading ? 'Reading…' : 'No records.';
  if (rows > 0) request(first, last);
}

/** New view version: cached rows move to `stale` (shown until replaced) and are asked for again. */
export function newVersion(): void {
  if (state.rows.size) state.stale = state.rows;
  state.rows = new Map();
  state.asked.clear();
  render();
}

export function gotRows(version: number, rows: RowView[]): void {
  if (version !== state.counts?.version) return;
  for (const r of rows) state.rows.set(r.i, r);
  if (state.asked.size && [...state.asked].every((p) => state.rows.has(p))) state.stale.clear();
  render();
}

export function select(i: number): void {
  const c = state.counts;
  if (!c || i < 0 || i >= c.rows) return;
  state.selectedIndex = i;
  const r = state.rows.get(i);
  if (r) state.selectedKey = keyOf(r);
  const scroll = byId('table-scroll');
  if (i * ROW_HEIGHT < scroll.scrollTop) scroll.scrollTop = i * ROW_HEIGHT;
  else if ((i + 1) * ROW_HEIGHT > scroll.scrollTop + scroll.clientHeight) scroll.scrollTop = (i + 1) * ROW_HEIGHT - scroll.clientHeight;
  render();
  post({ type: 'detail', version: c.version, index: i });
}

export function wireTable(): void {
  const scroll = byId('table-scroll');
  let pending = false;
  scroll.addEventListener('scroll', () => {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; render(); });
  });
  new ResizeObserver(() => render()).observe(scroll);
  scroll.addEventListener('click', (e) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.row[data-i]');
    if (row) select(Number(row.dataset.i));
  });
  scroll.addEventListener('keydown', (e) => {
    const page = Math.max(1, Math.floor(scroll.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      e.preventDefault();
      select(Math.min((state.counts?.rows ?? 1) - 1, Math.max(0, state.selectedIndex + moves[e.key])));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      select(e.key === 'Home' ? 0 : (state.counts?.rows ?? 1) - 1);
    }
  });
}
