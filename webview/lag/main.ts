// The Watch Lag panel's UI: the group's total lag now and its trend, the state of the sampling, a chart of
// the total and the partitions with the most lag over time, a legend, and every partition's lag as text
// (a table a screen reader can read; the chart itself is hidden from it). The history lives in the
// extension; this page keeps a copy to draw from.
import './styles.css';
import { comparePartitionKeys, lagTrend, type LagSample } from '../../src/kafka/rules/lagHistory';
import type { LagInit, LagState, ToHost, ToWebview } from '../../src/lag/protocol';
import { byId, clear, h } from '../src/dom';
import { drawChart, series, SERIES } from './chart';
import { clock, exact } from './scale';

interface VsCodeApi { postMessage(m: ToHost): void }
declare function acquireVsCodeApi(): VsCodeApi;
const vscode = acquireVsCodeApi();

let init: LagInit | null = null;
let samples: LagSample[] = [];
let state: LagState = { kind: 'waiting' };
let stateAt = Date.now();

function build(i: LagInit): void {
  const app = byId('app');
  clear(app);
  app.removeAttribute('aria-busy');
  app.append(
    h('header', {}, h('h1', {}, 'Lag of ', h('span', { class: 'name' }, i.groupId), h('span', { class: 'muted' }, ' on '), h('span', {}, i.clusterName))),
    h('div', { id: 'state', class: 'state', role: 'status', 'aria-live': 'polite' }),
    h('div', { class: 'now' },
      h('span', { class: 'muted' }, 'Total lag '), h('strong', { id: 'total', class: 'total-now' }, '–'), h('span', { id: 'trend', class: 'muted' })),
    h('div', { id: 'chart', class: 'chart-box' }),
    h('ul', { id: 'legend', class: 'legend', 'aria-label': 'Legend' }),
    h('table', { id: 'table', class: 'parts' },
      h('caption', {}, 'Lag per partition (now, and the range over the time shown)'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Partition'), h('th', { scope: 'col', class: 'num' }, 'Lag now'),
        h('th', { scope: 'col', class: 'num' }, 'Min'), h('th', { scope: 'col', class: 'num' }, 'Max'))),
      h('tbody', { id: 'rows' })),
  );
}

function stateText(): { text: string; level: 'info' | 'warning' | 'error' } {
  const every = `every ${(init?.intervalMs ?? 5000) / 1000} s`;
  switch (state.kind) {
    case 'waiting': return { text: 'Reading the group\'s lag…', level: 'info' };
    case 'ok': {
      const last = samples[samples.length - 1];
      return { text: `Sampling ${every} while this panel is visible · last sample ${last ? clock(last.t) : '–'} · ${samples.length} samples (last ${Math.round((init?.windowMs ?? 0) / 60_000)} min kept)`, level: 'info' };
    }
    case 'paused': return { text: 'Paused while the panel is hidden.', level: 'info' };
    case 'noOffsets': return { text: state.message, level: 'warning' };
    case 'unreachable': return { text: `No answer since ${clock(state.since)}: ${state.message} Retrying ${every}.`, level: 'error' };
  }
}

function render(): void {
  if (!init) return;
  const st = stateText();
  const stateEl = byId('state');
  stateEl.textContent = st.text;
  stateEl.className = `state ${st.level}`;
  const last = samples[samples.length - 1];
  byId('total').textContent = last ? exact(last.total) : '–';
  const trend = lagTrend(samples);
  const first = samples[0];
  byId('trend').textContent = !last || !first || trend === 'unknown' ? ''
    : ` · ${trend === 'rising' ? 'rising' : trend === 'falling' ? 'falling' : 'steady'} (${signed(BigInt(last.total) - BigInt(first.total))} since ${clock(first.t)})`;

  const drawn = series(samples);
  const stale = state.kind === 'unreachable' ? `No answer since ${clock(state.since)}`
    : state.kind === 'noOffsets' ? 'No committed offsets' : undefined;
  const box = byId('chart');
  clear(box);
  if (samples.length === 0) {
    box.append(h('p', { class: 'muted empty' }, state.kind === 'waiting' ? 'The first sample is on its way…' : 'No samples yet.'));
  } else {
    box.append(drawChart({ samples, end: Math.max(stateAt, last?.t ?? 0), windowMs: init.windowMs, intervalMs: init.intervalMs, width: box.clientWidth || 600, stale }, drawn));
  }

  const legend = byId('legend');
  clear(legend);
  drawn.forEach((k, i) => {
    const v = k === 'total' ? last?.total : last?.perPartition[k];
    legend.append(h('li', {}, h('span', { class: `swatch ${k === 'total' ? 'total' : `s${(i - 1) % SERIES}`}`, 'aria-hidden': 'true' }),
      h('span', {}, k === 'total' ? 'Total' : label(k)), h('span', { class: 'muted' }, v === undefined ? '' : ` ${exact(v)}`)));
  });
  const all = new Set<string>();
  for (const s of samples) for (const k of Object.keys(s.perPartition)) all.add(k);
  const keys = [...all].sort(comparePartitionKeys);
  if (keys.length > drawn.length - 1) legend.append(h('li', { class: 'muted' }, `${keys.length - (drawn.length - 1)} more partitions in the table`));

  const rows = byId('rows');
  clear(rows);
  for (const k of keys) {
    const vs = samples.map((s) => s.perPartition[k]).filter((v): v is string => v !== undefined).map((v) => BigInt(v));
    const min = vs.reduce((a, b) => (b < a ? b : a), vs[0] ?? 0n);
    const max = vs.reduce((a, b) => (b > a ? b : a), vs[0] ?? 0n);
    const now = last?.perPartition[k];
    rows.append(h('tr', {}, h('th', { scope: 'row' }, label(k)), h('td', { class: 'num' }, now === undefined ? '–' : exact(now)),
      h('td', { class: 'num' }, exact(min.toString())), h('td', { class: 'num' }, exact(max.toString()))));
  }
}

const label = (k: string): string => {
  const i = k.lastIndexOf('/');
  return `${k.slice(0, i)} · p${k.slice(i + 1)}`;
};
const signed = (d: bigint): string => (d > 0n ? `+${exact(d.toString())}` : d < 0n ? `−${exact((-d).toString())}` : '±0');

window.addEventListener('message', (ev: MessageEvent<ToWebview>) => {
  const m = ev.data;
  switch (m.type) {
    case 'init':
      init = m.init;
      samples = [...m.init.samples];
      state = m.init.state;
      stateAt = m.init.at;
      build(m.init);
      break;
    case 'sample': {
      samples.push(m.sample);
      const from = m.sample.t - m.windowMs;
      while (samples.length && samples[0].t < from) samples.shift();
      stateAt = Math.max(stateAt, m.sample.t);
      break;
    }
    case 'state':
      state = m.state;
      stateAt = m.at;
      break;
  }
  render();
});

let resizeTimer: number | undefined;
new ResizeObserver(() => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(render, 50);
}).observe(document.body);

vscode.postMessage({ type: 'ready' });
