// Records per time bucket over the window (the part the filter selects drawn over the whole), optionally
// stacked per partition; dragging across it (brushing) sets the filter's time range. SVG coloured by the
// theme's chart colours through CSS classes (no inline styles under the CSP).
import type { VscodeCheckbox } from '@vscode-elements/elements/dist/vscode-checkbox/vscode-checkbox.js';
import type { Histogram } from '../../src/browser/protocol';
import { byId, clear, h } from '../src/dom';
import { setTimeRange } from './filterBar';
import { post, state } from './state';

const NS = 'http://www.w3.org/2000/svg';
const W = 1000;
const H = 80;
let current: Histogram | null = null;

const svgEl = (tag: string, attrs: Record<string, string | number>): SVGElement => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
};

export function histogramSection(): HTMLElement {
  return h('section', { class: 'histogram', 'aria-label': 'Records over time' },
    h('div', { class: 'hist-head' },
      h('span', { class: 'muted', id: 'hist-range' }),
      h('vscode-checkbox', { id: 'hist-by-partition', label: 'By partition' })),
    h('div', { id: 'hist-svg', class: 'hist-svg', title: 'Drag across the chart to filter by that time range' }));
}

export function drawHistogram(hist: Histogram): void {
  current = hist;
  const box = byId('hist-svg');
  clear(box);
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': 'Records per time bucket' });
  const n = hist.buckets.length;
  byId('hist-range').textContent = n === 0 ? 'No timestamps to chart yet.'
    : `${new Date(hist.minMs).toISOString()} … ${new Date(hist.maxMs).toISOString()}, ${n} buckets of ${fmtSpan((hist.maxMs - hist.minMs) / n)}`;
  const max = Math.max(1, ...hist.buckets.map((b) => b.count));
  const bw = W / Math.max(1, n);
  hist.buckets.forEach((b, i) => {
    const x = i * bw;
    const bar = (v: number, base: number, cls: string): void => {
      if (v <= 0) return;
      const hgt = Math.max(1, (v / max) * (H - 2));
      const r = svgEl('rect', { x: x + 0.5, y: H - base - hgt, width: Math.max(0.5, bw - 1), height: hgt, class: cls });
      r.append(Object.assign(svgEl('title', {}), { textContent: `${new Date(b.from).toISOString()}: ${b.count} records, ${b.matching} matching` }));
      svg.append(r);
    };
    if (b.byPartition) {
      let base = 0;
      for (const p of hist.partitions) {
        const v = b.byPartition[p] ?? 0;
        bar(v, base, `bar part-${p % 6}`);
        base += Math.max(v > 0 ? 1 : 0, (v / max) * (H - 2));
      }
    } else {
      bar(b.count, 0, 'bar total');
      if (b.matching !== b.count) bar(b.matching, 0, 'bar matching');
    }
  });
  svg.append(svgEl('rect', { id: 'brush', x: 0, y: 0, width: 0, height: H, class: 'brush' }));
  box.append(svg);
}

function fmtSpan(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function wireHistogram(): void {
  const box = byId('hist-svg');
  let start: number | null = null;
  const frac = (e: MouseEvent): number => {
    const r = box.getBoundingClientRect();
    return Math.min(1, Math.max(0, (e.clientX - r.left) / Math.max(1, r.width)));
  };
  const brush = (a: number, b: number): void => {
    const el = box.querySelector('#brush');
    el?.setAttribute('x', String(Math.min(a, b) * W));
    el?.setAttribute('width', String(Math.abs(b - a) * W));
  };
  box.addEventListener('mousedown', (e) => { start = frac(e); brush(start, start); });
  box.addEventListener('mousemove', (e) => { if (start !== null) brush(start, frac(e)); });
  window.addEventListener('mouseup', (e) => {
    if (start === null || !current || current.buckets.length === 0) { start = null; return; }
    const a = Math.min(start, frac(e));
    const b = Math.max(start, frac(e));
    start = null;
    if (b - a < 0.005) { brush(0, 0); return; }
    const span = current.maxMs - current.minMs;
    setTimeRange(Math.floor(current.minMs + a * span), Math.ceil(current.minMs + b * span));
  });
  byId('hist-by-partition').addEventListener('change', () => {
    state.byPartition = byId<VscodeCheckbox>('hist-by-partition').checked;
    post({ type: 'histogram', byPartition: state.byPartition });
  });
}
