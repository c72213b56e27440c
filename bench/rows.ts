// One row of the results table, and how a row is built from per-run samples and checked against the
// goal the issue sets for it.
import { median, round, sig } from './stats';

export type RowStatus = 'measured' | 'not built' | 'failed';

export interface Row {
  name: string;
  /** Median of our runs, in `unit`. */
  ours: number | null;
  /** Median of the peer's runs, in `unit`. */
  peer: number | null;
  peerName: string | null;
  /** Median of per-run ratios, always "our speed / peer speed": above 1 means we are faster. */
  ratio: number | null;
  unit: string;
  runs: number;
  notes: string;
  /** The goal in words, e.g. "≥ 0.5× kcat" or "< 500 ms". */
  goal: string | null;
  goalMet: boolean | null;
  status: RowStatus;
}

/** A goal on the ratio column or on our own value. */
export type Goal =
  | { kind: 'ratioAtLeast'; min: number; text: string }
  | { kind: 'oursBelow'; max: number; text: string };

export interface Sample {
  ours: number;
  peer?: number;
}

export interface RowSpec {
  name: string;
  unit: string;
  peerName?: string;
  /** true for throughput (rec/s), false for durations and sizes. */
  higherIsBetter: boolean;
  goal?: Goal;
  notes?: string;
}

function checkGoal(goal: Goal | undefined, ours: number | null, ratio: number | null): boolean | null {
  if (!goal) return null;
  if (goal.kind === 'ratioAtLeast') return ratio === null ? null : ratio >= goal.min;
  return ours === null ? null : ours < goal.max;
}

const tidy = (x: number, unit: string): number => (unit === 'rec/s' || unit === 'B' ? sig(x, 3) : round(x, x < 10 ? 2 : 1));

export function rowFromSamples(spec: RowSpec, samples: readonly Sample[]): Row {
  const oursVals = samples.map((s) => s.ours);
  const peerVals = samples.flatMap((s) => (s.peer === undefined ? [] : [s.peer]));
  const ratios = samples.flatMap((s) =>
    s.peer === undefined || s.peer === 0 || s.ours === 0 ? [] : [spec.higherIsBetter ? s.ours / s.peer : s.peer / s.ours]);
  const ours = samples.length ? tidy(median(oursVals), spec.unit) : null;
  const peer = peerVals.length ? tidy(median(peerVals), spec.unit) : null;
  const ratio = ratios.length ? round(median(ratios), 2) : null;
  return {
    name: spec.name,
    ours,
    peer,
    peerName: spec.peerName ?? null,
    ratio,
    unit: spec.unit,
    runs: samples.length,
    notes: spec.notes ?? '',
    goal: spec.goal?.text ?? null,
    goalMet: checkGoal(spec.goal, ours, ratio),
    status: 'measured',
  };
}

/** A row for a feature that does not exist yet, or a case that could not run here. */
export function emptyRow(spec: RowSpec, status: Exclude<RowStatus, 'measured'>, notes: string): Row {
  return {
    name: spec.name, ours: null, peer: null, peerName: spec.peerName ?? null, ratio: null, unit: spec.unit, runs: 0,
    notes, goal: spec.goal?.text ?? null, goalMet: null, status,
  };
}
