// The running consumers of this window: one OutputChannel per cluster/topic, one session per channel,
// a status bar item with their rates, and the context key kafkaDev.consumerRunning (the palette offers
// Stop Consumer only while one runs). Also the test API (KafkaDevApi.consumers): start/stop without UI,
// and the text of a channel from an in-memory mirror of its last 1 MiB of characters.
import * as vscode from 'vscode';
import { ConsumeOptions } from '../kafka/rules/consumerOptions';
import type { EndReason } from '../kafka/consume/consumerSession';
import type { ConsumeSession } from '../kafka/consume/groupSession';
import { OutputThrottle } from '../kafka/consume/outputThrottle';
import { startConsumerPipeline } from '../kafka/consume/consumerPipeline';
import { count } from '../kafka/rules/recordFormat';
import { Services } from '../services';
import { readDataFormats, readThrottle } from './settings';
import type { DataFormats } from './startFlow';
import { TextMirror } from './textMirror';

interface Channel {
  readonly output: vscode.OutputChannel;
  readonly mirror: TextMirror;
}

export interface RunningConsumer {
  readonly key: string;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly topic: string;
  readonly session: ConsumeSession;
  readonly throttle: OutputThrottle;
  readonly startedAt: number;
  /** Records per second over the last status-bar tick. */
  rate: number;
  lastCount: number;
}

export interface ConsumerInfo {
  clusterId: string;
  clusterName: string;
  topic: string;
  consumed: number;
  ratePerSecond: number;
  positions: Record<number, string>;
  /** The consumer group it reads as; undefined: no group. */
  group?: string;
}

const keyOf = (clusterId: string, topic: string): string => `${clusterId}/${topic}`;

/** The language of the consumer channels: syntaxes/kafka-dev-records.tmLanguage.json colours them. */
export const RECORDS_LANGUAGE = 'kafka-dev-records';
/** True while at least one consumer runs (package.json's `when` clauses). */
export const RUNNING_CONTEXT = 'kafkaDev.consumerRunning';

/** A start in progress: later starts of the same key wait for it; a stop marks it so it ends as soon as it runs. */
interface Starting {
  readonly done: Promise<unknown>;
  stopWhy: string | undefined;
  stopped: boolean;
}

export class ConsumerManager implements vscode.Disposable {
  private readonly channels = new Map<string, Channel>();
  private readonly running = new Map<string, RunningConsumer>();
  /** Starts in progress by key (the newest one): what Stop, Stop All and a reset must reach too. */
  private readonly starting = new Map<string, Starting[]>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when a consumer starts or ends (the explorer can mark consuming topics). */
  readonly onDidChange = this.changed.event;
  private readonly status: vscode.StatusBarItem;
  private ticker: NodeJS.Timeout | undefined;
  private contextRunning = false;

  constructor(private readonly services: Services) {
    this.status = vscode.window.createStatusBarItem('kafkaDev.consumers', vscode.StatusBarAlignment.Left, 50);
    this.status.name = 'Kafka Consumers';
    this.status.command = 'kafkaDev.stopConsumer';
    // A reset (settings change, Refresh, tunnel restart) closes the client the sessions were built from.
    services.connections.onClose(async (clusterId) => {
      const why = 'the connection to the cluster was reset (Refresh or a settings change); start the consumer again to continue';
      await this.stopWhere((k) => k.startsWith(`${clusterId}/`), why);
    });
  }

  isConsuming(clusterId: string, topic: string): boolean {
    return this.running.has(keyOf(clusterId, topic));
  }


  list(): ConsumerInfo[] {
    return [...this.running.values()].map((r) => ({
      clusterId: r.clusterId, clusterName: r.clusterName, topic: r.topic, consumed: r.session.consumed,
      ratePerSecond: r.rate, positions: r.session.positions(), group: r.session.options.group,
    }));
  }

  /** Everything written to the channel for this cluster/topic (its last 1 MiB), '' if none. */
  channelText(clusterId: string, topic: string): string {
    return this.channels.get(keyOf(clusterId, topic))?.mirror.text() ?? '';
  }

  /** The channel's name as shown in the Output panel's drop-down. */
  channelName(clusterName: string, topic: string): string {
    return `Kafka: ${clusterName}/${topic}`;
  }

  /**
   * Starts consuming (restarting if this topic is already being consumed). Rejects with a message
   * for the person when the cluster, topic, partitions or position are wrong; nothing is left running.
   * Starts of one cluster/topic run one after the other: a second start while the first is still
   * connecting waits for it and then restarts it, so there is never more than one consumer per topic.
   */
  async start(clusterId: string, options: ConsumeOptions, formats: DataFormats = readDataFormats()): Promise<ConsumerInfo> {
    const key = keyOf(clusterId, options.topic);
    const queue = this.starting.get(key) ?? [];
    const before = queue.map((s) => s.done.catch(() => undefined));
    const me: Starting = { done: Promise.resolve(), stopWhy: undefined, stopped: false };
    const run = Promise.all(before).then(() => this.startNow(clusterId, options, formats, me));
    (me as { done: Promise<unknown> }).done = run;
    this.starting.set(key, [...queue, me]);
    try {
      return await run;
    } finally {
      const left = (this.starting.get(key) ?? []).filter((s) => s !== me);
      if (left.length) this.starting.set(key, left);
      else this.starting.delete(key);
    }
  }

  private async startNow(clusterId: string, options: ConsumeOptions, formats: DataFormats, me: Starting): Promise<ConsumerInfo> {
    const key = keyOf(clusterId, options.topic);
    const existing = this.running.get(key);
    if (existing) await this.stopOne(existing, 'restarted with new options');
    const conn = await this.services.connections.get(clusterId);
    const ch = this.channel(key, conn.cluster.name, options.topic);
    const write = (t: string): void => { ch.output.append(t); ch.mirror.append(t); };
    const target = `${conn.cluster.name} (${conn.cluster.bootstrapServers.join(', ')})`;
    // The one wiring of session → throttle → Output (also used by the tests and the bench); a failed start
    // leaves its reason in the channel and rethrows.
    const { session, throttle } = await startConsumerPipeline({
      kafka: conn.kafka, options, settings: { timeoutMs: conn.timeoutMs, target }, sink: write, throttle: readThrottle(),
      formats, registry: conn.registry,
    });
    const r: RunningConsumer = {
      key, clusterId, clusterName: conn.cluster.name, topic: options.topic, session, throttle,
      startedAt: Date.now(), rate: 0, lastCount: 0,
    };
    this.running.set(key, r);
    void session.ended.then((end) => this.ended(r, end));
    const info = this.list().find((i) => i.clusterId === clusterId && i.topic === options.topic)!;
    if (me.stopped) {
      // Stop (or Stop All, or a reset) came while it was starting: it ends here, with its final line.
      await this.stopOne(r, me.stopWhy);
      return info;
    }
    ch.output.show(true);
    this.changed.fire();
    this.updateStatus();
    return info;
  }

  /** Stops the consumer of this cluster/topic, also one that is still starting; false when there was none. */
  async stop(clusterId: string, topic: string): Promise<boolean> {
    return (await this.stopWhere((k) => k === keyOf(clusterId, topic))) > 0;
  }

  /** Stops every consumer, running or starting; returns how many there were. */
  async stopAll(): Promise<number> {
    return this.stopWhere(() => true);
  }

  /** Marks matching starts to end as soon as they run, waits for them, and stops matching running ones. */
  private async stopWhere(match: (key: string) => boolean, why?: string): Promise<number> {
    const startKeys = [...this.starting.keys()].filter(match);
    const starts = startKeys.flatMap((k) => this.starting.get(k) ?? []);
    for (const s of starts) { s.stopped = true; s.stopWhy = why; }
    await Promise.all(starts.map((s) => s.done.catch(() => undefined)));
    const all = [...this.running.values()].filter((r) => match(r.key));
    await Promise.all(all.map((r) => this.stopOne(r, why)));
    return new Set([...startKeys, ...all.map((r) => r.key)]).size;
  }

  private async stopOne(r: RunningConsumer, why?: string): Promise<void> {
    if (why) r.throttle.note(`Stopping: ${why}.`);
    await r.session.stop();
    // ended() runs from session.ended and writes the final line; wait for it so callers see it.
    await Promise.resolve();
  }

  private ended(r: RunningConsumer, end: EndReason): void {
    if (this.running.get(r.key) === r) this.running.delete(r.key);
    const secs = ((Date.now() - r.startedAt) / 1000).toFixed(1);
    const where = Object.entries(r.session.positions()).map(([p, o]) => `p${p}@${o}`).join(', ');
    const st = r.throttle.stats;
    const counts = `${count(r.session.consumed)} records in ${secs} s${st.skipped ? ` (${count(st.skipped)} not shown)` : ''}; next offsets ${where}`;
    switch (end.kind) {
      case 'stopped': r.throttle.note(`Consumer stopped: ${counts}.`); break;
      case 'limit': r.throttle.note(`Stopped after ${count(end.count)} records as asked: ${counts}.`); break;
      case 'deleted': r.throttle.note(end.message); break;
      case 'error': r.throttle.note(`${end.message} (${counts})`); break;
    }
    r.throttle.close();
    if (end.kind === 'deleted' || end.kind === 'error') {
      void vscode.window.showWarningMessage(`Kafka consumer of "${r.topic}" on ${r.clusterName} stopped: ${end.message}`);
    }
    this.changed.fire();
    this.updateStatus();
  }

  private channel(key: string, clusterName: string, topic: string): Channel {
    let ch = this.channels.get(key);
    if (!ch) {
      ch = { output: vscode.window.createOutputChannel(this.channelName(clusterName, topic), RECORDS_LANGUAGE), mirror: new TextMirror() };
      this.channels.set(key, ch);
    }
    return ch;
  }

  private updateStatus(): void {
    const rs = [...this.running.values()];
    if (rs.length > 0 !== this.contextRunning) {
      this.contextRunning = rs.length > 0;
      void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, this.contextRunning);
    }
    if (rs.length === 0) {
      this.status.hide();
      if (this.ticker) { clearInterval(this.ticker); this.ticker = undefined; }
      return;
    }
    if (!this.ticker) this.ticker = setInterval(() => this.tick(), 1_000);
    const total = rs.reduce((s, r) => s + r.rate, 0);
    this.status.text = `$(radio-tower) ${rs.length} consumer${rs.length === 1 ? '' : 's'} · ${formatRate(total)} msg/s`;
    const md = new vscode.MarkdownString(`**Kafka consumers** (click to stop)\n\n${rs.map((r) =>
      `- ${r.clusterName}/${r.topic}${r.session.options.group !== undefined ? ` as group ${r.session.options.group}` : ''}: ${formatRate(r.rate)} msg/s, ${count(r.session.consumed)} records`).join('\n')}`);
    this.status.tooltip = md;
    this.status.show();
  }

  private tick(): void {
    for (const r of this.running.values()) {
      const c = r.session.consumed;
      r.rate = c - r.lastCount;
      r.lastCount = c;
    }
    this.updateStatus();
  }

  dispose(): void {
    if (this.ticker) clearInterval(this.ticker);
    for (const list of this.starting.values()) for (const s of list) s.stopped = true;
    for (const r of this.running.values()) void r.session.stop();
    this.running.clear();
    for (const ch of this.channels.values()) ch.output.dispose();
    this.status.dispose();
    this.changed.dispose();
  }
}

function formatRate(n: number): string {
  return n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1_000 ? `${(n / 1000).toFixed(1)}k` : String(Math.round(n));
}
