// Which partitions of a session cannot be read right now, and the status lines that say so. A partition
// whose leader is down (or that has no leader) must not stop the others: it gets a line naming it and
// why, the others keep streaming, and a line says when it resumes and at which offset. When every
// partition is out at once the whole cluster is out of reach, and the lines say that instead
// ("Connection to … lost; reconnecting…", "Reconnected after …"), as they did before partitions were
// tracked one by one.
import { partitionList } from './fetchPlan';

interface Outage {
  reason: string;
  since: number;
}

export interface AvailabilityOptions {
  /** Every partition of the session. */
  partitions: readonly number[];
  /** What the lines say was tried, e.g. "local (127.0.0.1:9092)". */
  target: string;
  /** Writes a status line. */
  note: (line: string) => void;
  /** "p0@12, p1@40" for the given partitions (all when absent). */
  positions: (ps?: readonly number[]) => string;
  now?: () => number;
}

/** How often a "still unavailable" reminder may be written while an outage lasts. */
const REMIND_ALL_MS = 15_000;
const REMIND_SOME_MS = 30_000;

export class Availability {
  private readonly down = new Map<number, Outage>();
  /** Set while every partition is out: the lines then speak of the connection, not of partitions. */
  private allDown: { since: number } | undefined;
  private lastReminder = 0;
  private readonly now: () => number;

  constructor(private readonly o: AvailabilityOptions) {
    this.now = o.now ?? Date.now;
  }

  isDown(p: number): boolean { return this.down.has(p); }
  get anyDown(): boolean { return this.down.size > 0; }
  /** Since when every partition has been out, if they all are. */
  get allDownSince(): number | undefined { return this.allDown?.since; }

  /** These partitions cannot be read, for `reason`; a line is written for those not already out. */
  markDown(ps: readonly number[], reason: string, silent = false): void {
    const now = this.now();
    const fresh = ps.filter((p) => !this.down.has(p));
    for (const p of fresh) this.down.set(p, { reason, since: now });
    if (fresh.length === 0) return;
    if (!this.allDown && this.o.partitions.every((p) => this.down.has(p))) {
      this.allDown = { since: Math.min(...[...this.down.values()].map((x) => x.since)) };
      this.lastReminder = now;
      this.o.note(silent
        ? `No answer from ${this.o.target} (${reason}); waiting…`
        : `Connection to ${this.o.target} lost (${reason}); reconnecting…`);
      return;
    }
    if (this.allDown) return;
    this.lastReminder = now;
    this.o.note(`${cap(partitionList(fresh))} unavailable (${reason}); showing the other partitions and waiting for ${fresh.length === 1 ? 'it' : 'these'}…`);
  }

  /** These partitions were just read from (their positions already advanced past what was read). */
  markUp(ps: readonly number[]): void {
    const back = ps.filter((p) => this.down.has(p));
    if (back.length === 0) return;
    const now = this.now();
    const since = Math.min(...back.map((p) => this.down.get(p)!.since));
    for (const p of back) this.down.delete(p);
    if (this.allDown) {
      const secs = ((now - this.allDown.since) / 1000).toFixed(1);
      this.allDown = undefined;
      this.o.note(`Reconnected after ${secs} s; resuming at ${this.o.positions()}.`);
      // Those still out were never named one by one: name them now.
      for (const [reason, group] of this.groups()) {
        this.o.note(`${cap(partitionList(group))} still unavailable (${reason}); showing the other partitions and waiting for ${group.length === 1 ? 'it' : 'these'}…`);
      }
      this.lastReminder = now;
      return;
    }
    this.o.note(`${cap(partitionList(back))} available again after ${((now - since) / 1000).toFixed(1)} s; resuming at ${this.o.positions(back)}.`);
  }

  /**
   * Writes a reminder now and then while an outage lasts. Returns how long (ms) every partition has
   * been out, 0 when some can be read (the session gives up after a bound on that).
   */
  tick(): number {
    const now = this.now();
    if (this.allDown) {
      if (now - this.lastReminder >= REMIND_ALL_MS) {
        this.lastReminder = now;
        this.o.note(`Still reconnecting to ${this.o.target} (${Math.round((now - this.allDown.since) / 1000)} s)…`);
      }
      return now - this.allDown.since;
    }
    if (this.down.size > 0 && now - this.lastReminder >= REMIND_SOME_MS) {
      this.lastReminder = now;
      for (const [reason, group] of this.groups()) {
        const since = Math.min(...group.map((p) => this.down.get(p)!.since));
        this.o.note(`${cap(partitionList(group))} still unavailable after ${Math.round((now - since) / 1000)} s (${reason}); waiting…`);
      }
    }
    return 0;
  }

  /** The partitions out, grouped by reason. */
  private groups(): Map<string, number[]> {
    const g = new Map<string, number[]>();
    for (const [p, o] of [...this.down].sort((a, b) => a[0] - b[0])) g.set(o.reason, [...(g.get(o.reason) ?? []), p]);
    return g;
  }
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
