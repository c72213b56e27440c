// The lag chart: total lag (thick) and the partitions with the most lag (thin, up to PALETTE.length) over
// time, in SVG coloured by the theme's chart colours through CSS classes (no inline styles under the CSP).
// A gap in the samples (the panel was hidden, the cluster did not answer) is a gap in the lines.
import { comparePartitionKeys, type LagSample } from '../../src/kafka/rules/lagHistory';
import { clock, drawnPartitions, niceTicks, shortNumber, timeTicks } from './scale';

const NS = 'http://www.w3.org/2000/svg';
/** Partition lines get these classes in turn (styles.css maps them to --vscode-charts-*). */
export const SERIES = 6;
const H = 240;
const PAD = { left: 56, right: 12, top: 10, bottom: 26 };

const svgEl = (tag: string, attrs: Record<string, string | number>, text?: string): SVGElement => {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
};

export interface ChartInput {
  samples: readonly LagSample[];
  /** The axis reaches at least this far (the last attempt, so a silent cluster does not freeze the axis). */
  end: number;
  windowMs: number;
  intervalMs: number;
  width: number;
  /** Greyed, with this text across it (no answer, no offsets). */
  stale?: string;
}

/** The series drawn, in legend order: 'total' first, then partition keys. */
export function series(samples: readonly LagSample[]): string[] {
  const keys = new Set<string>();
  for (const s of samples) for (const k of Object.keys(s.perPartition)) keys.add(k);
  const all = [...keys].sort(comparePartitionKeys);
  const latest = samples[samples.length - 1]?.perPartition ?? {};
  return ['total', ...drawnPartitions(latest, all, SERIES).sort(comparePartitionKeys)];
}

export function drawChart(c: ChartInput, drawn: readonly string[]): SVGSVGElement {
  const W = Math.max(240, Math.floor(c.width));
  const svg = svgEl('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: `chart${c.stale ? ' stale' : ''}`, 'aria-hidden': 'true' }) as SVGSVGElement;
  const first = c.samples[0]?.t ?? c.end;
  const end = Math.max(c.end, c.samples[c.samples.length - 1]?.t ?? 0);
  const from = Math.max(end - c.windowMs, Math.min(first, end - 60_000));
  const max = Math.max(1, ...c.samples.map((s) => Number(s.total)));
  // Headroom above the highest point, so the total line never runs along the frame's top edge.
  const yt = niceTicks(max * 1.08);
  const top = yt[yt.length - 1];
  const x = (t: number): number => PAD.left + ((t - from) / Math.max(1, end - from)) * (W - PAD.left - PAD.right);
  const y = (v: number): number => H - PAD.bottom - (v / top) * (H - PAD.top - PAD.bottom);

  for (const v of yt) {
    svg.append(svgEl('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }));
    svg.append(svgEl('text', { x: PAD.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, shortNumber(v)));
  }
  for (const t of timeTicks(from, end, Math.max(2, Math.floor(W / 110)))) {
    svg.append(svgEl('line', { x1: x(t), x2: x(t), y1: H - PAD.bottom, y2: H - PAD.bottom + 4, class: 'tick' }));
    svg.append(svgEl('text', { x: x(t), y: H - 8, class: 'axis', 'text-anchor': 'middle' }, clock(t)));
  }
  svg.append(svgEl('line', { x1: PAD.left, x2: W - PAD.right, y1: H - PAD.bottom, y2: H - PAD.bottom, class: 'baseline' }));

  const gap = Math.max(2.5 * c.intervalMs, 15_000);
  // Partitions under the total, so the total stays on top.
  [...drawn].reverse().forEach((key) => {
    const i = drawn.indexOf(key);
    let d = '';
    let prevT = -Infinity;
    for (const s of c.samples) {
      const v = key === 'total' ? s.total : s.perPartition[key];
      if (v === undefined) { prevT = -Infinity; continue; }
      d += `${s.t - prevT > gap ? 'M' : 'L'}${x(s.t).toFixed(1)},${y(Number(v)).toFixed(1)}`;
      prevT = s.t;
    }
    if (!d) return;
    const cls = key === 'total' ? 'line total' : `line s${(i - 1) % SERIES}`;
    svg.append(svgEl('path', { d, class: cls }));
    // A lone point (one sample, or one after a gap) is a dot, not an invisible zero-length line.
    const last = c.samples[c.samples.length - 1];
    const lv = key === 'total' ? last?.total : last?.perPartition[key];
    if (last && lv !== undefined) svg.append(svgEl('circle', { cx: x(last.t), cy: y(Number(lv)), r: key === 'total' ? 3.5 : 2.5, class: `dot ${cls}` }));
  });
  if (c.stale) {
    svg.append(svgEl('rect', { x: PAD.left, y: PAD.top, width: W - PAD.left - PAD.right, height: H - PAD.top - PAD.bottom, class: 'veil' }));
    svg.append(svgEl('text', { x: (PAD.left + W - PAD.right) / 2, y: (H - PAD.bottom + PAD.top) / 2, class: 'veil-text', 'text-anchor': 'middle' }, c.stale));
  }
  return svg;
}
