// Start, stop, restart and observe the broker that Set Up Kafka on a VM configured (or any Kafka in a
// named kafkaDir with kafka-dev.properties): as the systemd user unit kafka-dev.service when it exists
// and a user manager runs, else as a background process with a pid file in kafkaDir.
import { brokerPortOf, parseProperties } from '../rules/kraftConfig';
import { kafkaVersionFromJars } from '../rules/vmFindings';
import { CONFIG_FILE, ENV_FILE, inKafkaDir, PID_FILE, runningPidScript, SERVER_LOG, STDOUT_LOG, UNIT_NAME, UNIT_PATH } from './vmPaths';
import { shellPath } from './vmShell';
import { BrokerManager, BrokerStatus, VmError, VmLayout, VmShell } from './vmTypes';

export interface BrokerControl {
  status(): Promise<BrokerStatus>;
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Follows server.log (last 50 lines first); the returned function stops following. */
  followLog(onText: (text: string) => void, onEnd: (error?: Error) => void): Promise<() => void>;
}

const CONFIGS = [CONFIG_FILE, 'config/server.properties', 'config/kraft/server.properties'];

/** How long stop waits for the broker's controlled shutdown before it kills the process. */
const STOP_GRACE_S = 60;
/** How long start waits for the client port to listen. */
export const START_WAIT_S = 120;

/** Starts the broker in the background with a pid file (the process survives logout: its own session). */
export function pidfileStartScript(layout: VmLayout, config = CONFIG_FILE): string {
  return [
    `cd ${shellPath(layout.kafkaDir)} || exit 1`,
    `if [ -f ${ENV_FILE} ]; then set -a; . ./${ENV_FILE}; set +a; fi`,
    'mkdir -p logs',
    `nohup setsid bin/kafka-server-start.sh ${config} >> ${STDOUT_LOG} 2>&1 </dev/null 3<&- &`,
    `echo $! > ${PID_FILE}`,
    'echo "pid=$!"',
  ].join('\n');
}

/** The last lines of the broker's logs, for messages about a broker that did not come up. */
export async function logTail(shell: VmShell, layout: VmLayout, lines = 20): Promise<string> {
  const r = await shell.exec(`for f in ${inKafkaDir(layout, SERVER_LOG)} ${inKafkaDir(layout, STDOUT_LOG)}; do [ -s "$f" ] && { echo "--- $f"; tail -n ${lines} "$f"; }; done; true`,
    { purpose: "reading the broker's log", timeoutMs: 15_000 }).catch(() => undefined);
  return r?.stdout.trim() ?? '';
}

/**
 * Waits on the VM until something listens on the loopback at `port` while the broker's process lives.
 * Throws VmError('command') when the process died, VmError('timeout') after `seconds`, each with the log's end.
 */
export async function waitListening(shell: VmShell, layout: VmLayout, port: number, seconds = START_WAIT_S, signal?: AbortSignal): Promise<number> {
  const script = [
    'kd_i=0',
    `while [ $kd_i -lt ${seconds * 2} ]; do`,
    runningPidScript(layout),
    '  if [ -z "$kd_pid" ]; then echo dead; exit 3; fi',
    `  if ss -ltnH "sport = :${port}" 2>/dev/null | grep -q .; then echo "up $kd_pid"; exit 0; fi`,
    '  sleep 0.5; kd_i=$((kd_i+1))',
    'done',
    'echo timeout; exit 4',
  ].join('\n');
  const r = await shell.exec(script, { purpose: `waiting for the broker to listen on port ${port}`, timeoutMs: (seconds + 30) * 1000, signal });
  const up = /^up (\d+)/m.exec(r.stdout);
  if (r.code === 0 && up) return Number(up[1]);
  const tail = await logTail(shell, layout);
  if (r.code === 3) throw new VmError('command', `The broker on ${shell.label} exited before it listened on port ${port}.${tail ? `\n${tail}` : ''}`);
  throw new VmError('timeout', `The broker on ${shell.label} did not listen on port ${port} within ${seconds} s.${tail ? `\n${tail}` : ''}`);
}

interface Inspected { manager: BrokerManager; installed: boolean; pid?: number; etimes?: number; du?: number; version?: string; configFile?: string; config: string }

export function brokerControl(shell: VmShell, layout: VmLayout): BrokerControl {
  const K = (rel: string): string => inKafkaDir(layout, rel);

  const inspect = async (): Promise<Inspected> => {
    const script = [
      runningPidScript(layout),
      `if [ -f ${shellPath(UNIT_PATH)} ] && systemctl --user show-environment >/dev/null 2>&1; then echo manager=systemd-user; else echo manager=pidfile; fi`,
      'echo "pid=$kd_pid"',
      `if [ -x ${K('bin/kafka-server-start.sh')} ]; then echo installed=yes; fi`,
      `echo "jars=$(ls ${K('libs')} 2>/dev/null | grep '^kafka_2\\.1[23]-' | tr '\\n' ' ')"`,
      'if [ -n "$kd_pid" ]; then echo "etimes=$(ps -o etimes= -p "$kd_pid" | tr -d \' \')"; fi',
      `echo "du=$(du -sk ${shellPath(layout.dataDir)} 2>/dev/null | cut -f1)"`,
      // Ours, else the distribution's own (4.x config/server.properties, 3.x config/kraft/server.properties).
      `for kd_c in ${CONFIGS.join(' ')}; do if [ -f ${shellPath(layout.kafkaDir)}/$kd_c ]; then echo "config=$kd_c"; echo '@@config'; cat ${shellPath(layout.kafkaDir)}/$kd_c; break; fi; done; true`,
    ].join('\n');
    const r = await shell.exec(script, { purpose: 'reading the broker status', timeoutMs: 30_000 });
    const [head, config = ''] = r.stdout.split('@@config\n');
    const v = (k: string): string => new RegExp(`^${k}=(.*)$`, 'm').exec(head)?.[1].trim() ?? '';
    const num = (k: string): number | undefined => (v(k) && Number.isFinite(Number(v(k))) ? Number(v(k)) : undefined);
    return {
      manager: v('manager') === 'systemd-user' ? 'systemd-user' : 'pidfile',
      installed: v('installed') === 'yes',
      pid: num('pid'), etimes: num('etimes'), du: num('du') === undefined ? undefined : (num('du') as number) * 1024,
      version: kafkaVersionFromJars(v('jars')), configFile: v('config') || undefined, config,
    };
  };

  const notInstalled = (): VmError => new VmError('not-installed', `No Kafka in ${layout.kafkaDir} on ${shell.label} (no bin/kafka-server-start.sh).`,
    undefined, 'Nothing.', 'Run Kafka: Set Up Kafka on a VM, or name the directory Kafka is installed in.');

  const status = async (): Promise<BrokerStatus> => {
    const s = await inspect();
    if (!s.installed) return { state: 'not-installed' };
    return {
      state: s.pid ? 'running' : 'stopped', manager: s.manager, pid: s.pid,
      uptimeSeconds: s.pid ? s.etimes : undefined, dataDirBytes: s.du, version: s.version,
    };
  };

  const start = async (s: Inspected): Promise<void> => {
    if (!s.installed) throw notInstalled();
    if (s.pid) return;
    const port = brokerPortOf(parseProperties(s.config));
    if (!s.configFile || !port) {
      throw new VmError('command', s.configFile ? `${layout.kafkaDir}/${s.configFile} on ${shell.label} has no PLAINTEXT listener.` : `No broker configuration in ${layout.kafkaDir}/config on ${shell.label}.`,
        'start', 'Nothing was changed.', 'Run Set Up Kafka on a VM again: it writes the configuration.');
    }
    const r = s.manager === 'systemd-user'
      ? await shell.exec(`systemctl --user start ${UNIT_NAME}`, { purpose: `starting ${UNIT_NAME}`, timeoutMs: 60_000 })
      : await shell.exec(pidfileStartScript(layout, s.configFile), { purpose: 'starting the broker', timeoutMs: 30_000 });
    if (r.code !== 0) {
      throw new VmError('command', `Starting the broker on ${shell.label} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`, 'start');
    }
    await waitListening(shell, layout, port);
  };

  const stop = async (s: Inspected): Promise<void> => {
    if (!s.installed) throw notInstalled();
    if (s.manager === 'systemd-user') {
      const r = await shell.exec(`systemctl --user stop ${UNIT_NAME}`, { purpose: `stopping ${UNIT_NAME}`, timeoutMs: (STOP_GRACE_S + 30) * 1000 });
      if (r.code !== 0) throw new VmError('command', `systemctl --user stop ${UNIT_NAME} failed on ${shell.label}: ${r.stderr.trim()}`);
    }
    if (!s.pid) return;
    // Also for a unit that was stopped but left its process (or a pid-file broker): SIGTERM, wait, then SIGKILL.
    const script = [
      `kd_p=${s.pid}`,
      // Gone, or a zombie nobody reaped yet (an init that does not reap, in containers).
      'kd_alive() { kill -0 "$kd_p" 2>/dev/null && ! grep -q \'^[0-9]* (.*) Z\' /proc/"$kd_p"/stat 2>/dev/null; }',
      'kill -TERM "$kd_p" 2>/dev/null',
      'kd_i=0',
      `while kd_alive && [ $kd_i -lt ${STOP_GRACE_S * 2} ]; do sleep 0.5; kd_i=$((kd_i+1)); done`,
      'if kd_alive; then kill -KILL "$kd_p"; sleep 1; echo killed; fi',
      `rm -f ${K(PID_FILE)}`,
    ].join('\n');
    const r = await shell.exec(script, { purpose: `stopping the broker (pid ${s.pid})`, timeoutMs: (STOP_GRACE_S + 30) * 1000 });
    if (r.code !== 0) throw new VmError('command', `Stopping the broker (pid ${s.pid}) on ${shell.label} failed: ${(r.stderr || r.stdout).trim()}`);
  };

  return {
    status,
    start: async () => start(await inspect()),
    stop: async () => stop(await inspect()),
    // One look at the VM: after stop, what start needs (installed, manager, configuration) is unchanged.
    async restart(): Promise<void> {
      const s = await inspect();
      await stop(s);
      await start({ ...s, pid: undefined });
    },
    followLog: (onText, onEnd) => shell.stream(`tail -n 50 -F ${K(SERVER_LOG)}`, onText, onEnd),
  };
}
