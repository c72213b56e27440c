// Ours, case 1 and 5: consume `count` records from the beginning through the extension's consumer
// pipeline (group-less session → record formatting → output throttle → text sink), plainly or through
// the SSH tunnel. Also samples event-loop delay and heap while it streams.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { runConsumerPipeline } from '../../src/kafka/consume/consumerPipeline';
import { UNTHROTTLED } from '../../src/kafka/consume/outputThrottle';
import { TextMirror } from '../../src/consumer/textMirror';
import { procTimes, runDelayMs } from '../procStat';
import { childMain, collect, heapPeak } from './child';
import { benchClient } from './kafkaClient';
import { SshEndpointInput, tunnelClient } from './sshClient';

export interface ConsumeInput {
  bootstrap: string;
  topic: string;
  count: number;
  /** 'default': the throttle the Output panel uses; 'everyLine': every record formatted and written. */
  throttle: 'default' | 'everyLine';
  ssh?: SshEndpointInput;
}

export interface ConsumeOutput {
  records: number;
  ms: number;
  recordsPerSecond: number;
  shown: number;
  skipped: number;
  chars: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Peak heapUsed during the run minus heapUsed after a full GC before it. */
  heapPeakGrowthMB: number;
  /** heapUsed after a full GC once done, minus the same baseline. */
  heapRetainedMB: number;
  /** CPU ms of the whole process (all threads) and of its main thread during the pipeline run. */
  cpuMs: number;
  mainThreadCpuMs: number;
  mainThreadRunDelayMs: number;
}

/** The main thread's task (task id = pid): its own CPU and run-queue wait, apart from the GC and I/O threads. */
const MAIN_THREAD = `/proc/self/task/${process.pid}`;
const mainThreadRunDelayMs = (): number => runDelayMs(MAIN_THREAD);
const mainThreadCpuMs = (): number => procTimes(MAIN_THREAD)?.self ?? 0;

childMain<ConsumeInput, ConsumeOutput>(async (i) => {
  const via = i.ssh ? tunnelClient(i.bootstrap, 'bench-consume-ssh', i.ssh) : { kafka: benchClient(i.bootstrap, 'bench-consume'), close: () => undefined };
  collect();
  const base = process.memoryUsage().heapUsed;
  const heap = heapPeak();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  let peak = 0;
  let cpu1 = { user: 0, system: 0 };
  let main1 = 0;
  const cpu0 = process.cpuUsage();
  const main0 = mainThreadCpuMs();
  const delay0 = mainThreadRunDelayMs();
  let delay1 = 0;
  let r: Awaited<ReturnType<typeof runConsumerPipeline>>;
  // The text goes where the extension sends it besides the Output channel: the channel's bounded mirror.
  const mirror = new TextMirror();
  try {
    r = await runConsumerPipeline({
      kafka: via.kafka,
      topic: i.topic,
      count: i.count,
      sink: (t) => mirror.append(t),
      // everyLine: token buckets that never run dry, every record formatted and written, as kcat prints every record.
      throttle: i.throttle === 'everyLine' ? UNTHROTTLED : undefined,
    });
  } finally {
    // Also on failure: the tunnel client's temp dir goes with it.
    lag.disable();
    cpu1 = process.cpuUsage(cpu0);
    main1 = mainThreadCpuMs();
    delay1 = mainThreadRunDelayMs();
    peak = heap.stop();
    via.close();
  }
  collect();
  const MB = 1024 * 1024;
  return {
    records: r.records, ms: r.ms, recordsPerSecond: r.recordsPerSecond, shown: r.stats.shown, skipped: r.stats.skipped, chars: r.chars,
    lagP99Ms: lag.percentile(99) / 1e6, lagMaxMs: lag.max / 1e6,
    heapPeakGrowthMB: (peak - base) / MB, heapRetainedMB: (process.memoryUsage().heapUsed - base) / MB,
    cpuMs: (cpu1.user + cpu1.system) / 1000, mainThreadCpuMs: main1 - main0, mainThreadRunDelayMs: delay1 - delay0,
  };
});
