// Set Up Kafka on a VM, over SSH: check, java, kafka, configure, start, wait. Every step first looks at
// what is on the VM and does nothing when it is already done, so a second run changes nothing; a step
// that fails throws VmError with what is left on the VM and how to retry. Nothing is written outside
// kafkaDir, dataDir and the systemd user unit (and Java's packages when asked to install Java).
import { kraftConfigText } from '../rules/kraftConfig';
import { parseListeners, splitSections } from '../rules/vmFindings';
import { logTail, pidfileStartScript, waitListening } from './brokerControl';
import { checkVm, findingProblems, javaInstallCommand, javaNeeded } from './vmCheck';
import { installedKafka, installKafka, StepContext } from './kafkaInstall';
import { CONFIG_FILE, ENV_FILE, inKafkaDir, LISTENERS_SCRIPT, SERVER_LOG, STAGING_DIR, UNIT_NAME, UNIT_PATH } from './vmPaths';
import { shellPath, shellQuote } from './vmShell';
import {
  BrokerManager, VmError, VmFindings, VmProgress, VmSecrets, VmSetupPlan, VmSetupResult, VmShell, VmStep, VmStepOutcome,
} from './vmTypes';

export interface SetUpOptions {
  onProgress?(p: VmProgress): void;
  signal?: AbortSignal;
  secrets?: VmSecrets;
  /** A Kafka request through the tunnel (the VS Code side's); retried until it succeeds or the wait step's bound. */
  probe?: () => Promise<void>;
  /** Bound of the wait step (port listening, then probe), default 120 s. */
  waitSeconds?: number;
}

const SHARE: Record<VmStep, number> = { connect: 0, check: 5, java: 10, kafka: 40, configure: 15, start: 10, wait: 20 };

export async function setUpKafka(shell: VmShell, plan: VmSetupPlan, opts: SetUpOptions = {}): Promise<VmSetupResult> {
  const steps: VmStepOutcome[] = [];
  const left: string[] = [];
  const { layout } = plan;
  const K = (rel: string): string => inKafkaDir(layout, rel);
  let current: VmStep = 'check';
  const report = (message: string, increment?: number): void => opts.onProgress?.({ step: current, message, increment });
  const ctx: StepContext = { shell, plan, signal: opts.signal, report: (m) => report(m) };
  const finish = (outcome: VmStepOutcome['outcome'], detail: string): void => {
    steps.push({ step: current, outcome, detail });
    report(`${outcome === 'already' ? 'Already done: ' : ''}${detail}`, SHARE[current]);
  };
  const exec = (command: string, purpose: string, timeoutMs?: number, stdin?: string) => shell.exec(command, { purpose, timeoutMs, stdin, signal: opts.signal });
  const fail = (message: string, retry?: string): VmError => new VmError('command', message, current, undefined, retry);

  try {
    // check
    report(`Checking ${shell.label}`);
    const f = await checkVm(shell, layout, [plan.brokerPort, plan.controllerPort], { signal: opts.signal });
    const problem = findingProblems(f, plan, shell.label)[0];
    if (problem) throw problem;
    report(`${f.os} (${f.arch}), ${f.java ? `Java ${f.java.version}` : 'no Java'}, ${f.systemdUser ? 'systemd user manager' : 'no systemd user manager'}`, SHARE.check);
    const abs = (p: string): string => (p === '~' || p.startsWith('~/') ? `${f.home}${p.slice(1)}` : p);

    current = 'java';
    await javaStep(f);
    current = 'kafka';
    const have = await installedKafka(ctx);
    if (have) finish('already', have);
    else finish('done', await installKafka(ctx));
    left.push(`Kafka ${plan.kafkaVersion} in ${layout.kafkaDir}`);

    current = 'configure';
    const configChanged = await configureStep(abs(layout.dataDir), abs(layout.kafkaDir));
    left.push(`${layout.kafkaDir}/${CONFIG_FILE} and formatted storage in ${layout.dataDir}`);

    current = 'start';
    const manager: BrokerManager = f.systemdUser ? 'systemd-user' : 'pidfile';
    const started = await startStep(f, manager, configChanged, abs(layout.kafkaDir));

    current = 'wait';
    await waitStep(started);
    return { changed: steps.some((s) => s.outcome === 'done'), steps, bootstrap: `localhost:${plan.brokerPort}`, manager };
  } catch (e) {
    throw explain(e);
  }

  async function javaStep(f: VmFindings): Promise<void> {
    const needed = javaNeeded(plan.kafkaVersion);
    if (f.java && f.java.version >= needed) return finish('already', `Java ${f.java.version} at ${f.java.path}`);
    if (!f.packageManager) throw fail(`${shell.label} has no package manager Set Up knows (apt-get, dnf, yum, zypper, apk) to install Java with.`, `Install Java ${needed}+ yourself and run Set Up again.`);
    const install = javaInstallCommand(f.packageManager);
    let command = `sh -c ${shellQuote(install)}`;
    let stdin: string | undefined;
    if (f.sudo === 'nopasswd') command = `sudo -n ${command}`;
    else if (f.sudo === 'password') {
      const pw = await opts.secrets?.sudoPassword(`sudo password for ${shell.label} (to install Java with ${f.packageManager})`);
      if (pw === undefined) throw new VmError('cancelled', 'Installing Java needs the sudo password, and none was given.', 'java', 'Nothing was changed on the VM.', 'Run Set Up again and enter the sudo password, or install Java yourself.');
      command = `sudo -S -p '' ${command}`;
      stdin = `${pw}\n`;
    } else if (f.sudo === 'none') {
      throw new VmError('sudo', `Installing Java on ${shell.label} needs root, and the SSH user cannot use sudo.`, 'java', 'Nothing was changed on the VM.', `Install Java ${needed}+ as root and run Set Up again.`);
    }
    report(`Installing Java with ${f.packageManager}`);
    const r = await exec(command, `installing Java with ${f.packageManager}`, 15 * 60_000, stdin);
    if (r.code !== 0) {
      const wrongPw = /incorrect password|try again|Sorry/i.test(r.stderr);
      throw new VmError(wrongPw ? 'sudo' : 'command', wrongPw ? `sudo on ${shell.label} refused the password.` : `Installing Java with ${f.packageManager} failed (exit ${r.code}): ${r.stderr.trim().slice(-800)}`,
        'java', 'Whatever the package manager completed.', wrongPw ? 'Run Set Up again with the right sudo password.' : `Fix the package manager's error (or install Java ${needed}+ yourself) and run Set Up again.`);
    }
    const v = await exec('java -version 2>&1 | head -n 1', 'checking the installed Java');
    finish('done', `installed Java with ${f.packageManager}: ${v.stdout.trim()}`);
  }

  async function configureStep(dataDir: string, kafkaDir: string): Promise<boolean> {
    const config = kraftConfigText({ brokerPort: plan.brokerPort, controllerPort: plan.controllerPort, dataDir });
    const env = `KAFKA_HEAP_OPTS="-Xmx${plan.heapMb}m -Xms${plan.heapMb}m"\nLOG_DIR="${kafkaDir}/logs"\n`;
    const r = await exec(`echo @@kd:config; cat ${K(CONFIG_FILE)} 2>/dev/null; echo @@kd:env; cat ${K(ENV_FILE)} 2>/dev/null; echo @@kd:meta; [ -f ${shellPath(layout.dataDir)}/meta.properties ] && echo yes; true`,
      'reading the broker configuration');
    const s = splitSections(r.stdout);
    const done: string[] = [];
    const write = async (rel: string, text: string): Promise<void> => {
      const w = await exec(`mkdir -p "$(dirname ${K(rel)})" && cat > ${K(`${rel}.tmp`)} && mv ${K(`${rel}.tmp`)} ${K(rel)}`, `writing ${rel}`, 30_000, text);
      if (w.code !== 0) throw fail(`Writing ${layout.kafkaDir}/${rel} on ${shell.label} failed: ${w.stderr.trim()}`);
      done.push(`wrote ${rel}`);
    };
    // Either one changed means a running broker must restart to use it.
    const configChanged = (s.get('config') ?? '') !== config.trim();
    const envChanged = (s.get('env') ?? '') !== env.trim();
    if (configChanged) await write(CONFIG_FILE, config);
    if (envChanged) await write(ENV_FILE, env);
    if (s.get('meta') !== 'yes') {
      report(`Formatting the storage in ${layout.dataDir}`);
      const fmt = await exec([
        `mkdir -p ${shellPath(layout.dataDir)} && cd ${shellPath(layout.kafkaDir)} || exit 1`,
        `set -a; . ./${ENV_FILE}; set +a; KAFKA_HEAP_OPTS="-Xmx256m"`,
        'kd_id=$(bin/kafka-storage.sh random-uuid 2>/dev/null | tail -n 1) && [ -n "$kd_id" ] || { echo "kafka-storage.sh random-uuid printed no id" >&2; exit 1; }',
        `bin/kafka-storage.sh format -t "$kd_id" -c ${CONFIG_FILE} 2>&1 && echo "@id=$kd_id"`,
      ].join('\n'), `formatting the storage in ${layout.dataDir}`, 180_000);
      const id = /@id=(\S+)/.exec(fmt.stdout)?.[1];
      if (fmt.code !== 0 || !id) throw fail(`Formatting the storage in ${layout.dataDir} on ${shell.label} failed (exit ${fmt.code}): ${(fmt.stdout + fmt.stderr).trim().slice(-800)}`);
      done.push(`formatted ${layout.dataDir} (cluster id ${id})`);
    }
    finish(done.length ? 'done' : 'already', done.length ? done.join(', ') : `${CONFIG_FILE} is as wanted and ${layout.dataDir} is formatted`);
    return configChanged || envChanged;
  }

  async function startStep(f: VmFindings, manager: BrokerManager, configChanged: boolean, kafkaDir: string): Promise<boolean> {
    const done: string[] = [];
    if (manager === 'systemd-user') {
      const unit = [
        '[Unit]', 'Description=Kafka broker set up by Kafka Dev', 'After=network.target', '',
        '[Service]', 'Type=simple', `EnvironmentFile=${kafkaDir}/${ENV_FILE}`,
        `ExecStart=${kafkaDir}/bin/kafka-server-start.sh ${kafkaDir}/${CONFIG_FILE}`,
        'Restart=on-failure', 'TimeoutStopSec=60', '', '[Install]', 'WantedBy=default.target', '',
      ].join('\n');
      const cur = await exec(`cat ${shellPath(UNIT_PATH)} 2>/dev/null; true`, 'reading the unit file');
      if (cur.stdout !== unit) {
        const w = await exec(`mkdir -p "$(dirname ${shellPath(UNIT_PATH)})" && cat > ${shellPath(UNIT_PATH)} && systemctl --user daemon-reload`, 'writing the systemd user unit', 30_000, unit);
        if (w.code !== 0) throw fail(`Writing ${UNIT_PATH} on ${shell.label} failed: ${w.stderr.trim()}`);
        done.push(`wrote ${UNIT_PATH}`);
      }
      const en = await exec(`systemctl --user is-enabled --quiet ${UNIT_NAME} || { systemctl --user enable ${UNIT_NAME} && echo enabled; }; loginctl show-user "$(id -un)" -p Linger 2>/dev/null`, `enabling ${UNIT_NAME}`);
      if (en.stdout.includes('enabled')) done.push(`enabled ${UNIT_NAME}`);
      if (/Linger=no/.test(en.stdout)) done.push('note: the unit stops at logout unless lingering is on (`loginctl enable-linger`)');
    }
    if (f.brokerRunning && !configChanged) {
      finish(done.length ? 'done' : 'already', [...done, `the broker already runs (pid ${f.brokerRunning.pid})`].join(', '));
      left.push(`the broker running (pid ${f.brokerRunning.pid})`);
      return false;
    }
    if (f.brokerRunning) {
      report('Restarting the broker with the new configuration');
      const stop = await exec(`kill -TERM ${f.brokerRunning.pid}; kd_i=0; while kill -0 ${f.brokerRunning.pid} 2>/dev/null && [ $kd_i -lt 120 ]; do sleep 0.5; kd_i=$((kd_i+1)); done; ! kill -0 ${f.brokerRunning.pid} 2>/dev/null`, 'stopping the broker', 90_000);
      if (stop.code !== 0) throw fail(`The broker (pid ${f.brokerRunning.pid}) did not stop within 60 s.`, `Stop it (kill ${f.brokerRunning.pid}) and run Set Up again.`);
    } else {
      // Something may have taken a port since the check.
      const ss = await exec(LISTENERS_SCRIPT, 'looking at the listening ports');
      const taken = parseListeners(ss.stdout, [plan.brokerPort, plan.controllerPort])[0];
      if (taken) throw new VmError('port-taken', `Port ${taken.port} on ${shell.label} is already taken by ${taken.process ?? 'another process'}.`, 'start', undefined, 'Stop that process (see `ss -ltnp`) and run Set Up again.');
    }
    report('Starting the broker');
    const r = manager === 'systemd-user'
      ? await exec(`systemctl --user restart ${UNIT_NAME}`, `starting ${UNIT_NAME}`, 60_000)
      : await exec(pidfileStartScript(layout), 'starting the broker', 30_000);
    if (r.code !== 0) throw fail(`Starting the broker on ${shell.label} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
    const pid = /pid=(\d+)/.exec(r.stdout)?.[1];
    done.push(manager === 'systemd-user' ? `started ${UNIT_NAME}` : `started the broker in the background (pid ${pid}, pid file ${layout.kafkaDir}/kafka-dev.pid, log ${layout.kafkaDir}/${SERVER_LOG})`);
    left.push('the broker process (started)');
    finish('done', done.join(', '));
    return true;
  }

  async function waitStep(started: boolean): Promise<void> {
    const seconds = opts.waitSeconds ?? 120;
    const deadline = Date.now() + seconds * 1000;
    report(`Waiting for the broker to listen on localhost:${plan.brokerPort}`);
    const pid = await waitListening(shell, layout, plan.brokerPort, seconds, opts.signal);
    let lastError: unknown;
    if (opts.probe) {
      report('Waiting for the broker to answer through SSH');
      for (;;) {
        if (opts.signal?.aborted) throw new VmError('cancelled', 'Cancelled while waiting for the broker to answer.');
        try { await opts.probe(); lastError = undefined; break; } catch (e) { lastError = e; }
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (lastError) {
        const tail = await logTail(shell, layout);
        throw new VmError('timeout', `The broker on ${shell.label} listens but did not answer a Kafka request through SSH within ${seconds} s: ${lastError instanceof Error ? lastError.message : String(lastError)}${tail ? `\n${tail}` : ''}`,
          'wait', undefined, 'Look at the broker log (Show Broker Log) and run Set Up again.');
      }
    }
    finish(started ? 'done' : 'already', `the broker (pid ${pid}) ${opts.probe ? 'answers' : 'listens'} on localhost:${plan.brokerPort}, reachable through SSH`);
  }

  function explain(e: unknown): VmError {
    const base = e instanceof VmError ? e : new VmError('command', e instanceof Error ? e.message : String(e), current);
    const step = base.step ?? current;
    const partial: Partial<Record<VmStep, string>> = {
      kafka: `${layout.kafkaDir}/${STAGING_DIR} (a partial download or upload; the next run replaces it)`,
      configure: `perhaps ${layout.kafkaDir}/${CONFIG_FILE} and ${ENV_FILE} (the next run rewrites them if they differ)`,
      start: 'perhaps a broker process that was starting (the next run finds it by its pid file)',
    };
    const staging = partial[step] ? [partial[step] as string] : [];
    const leftOnVm = base.leftOnVm ?? ([...left, ...staging].join('; ') || 'Nothing was changed on the VM.');
    const retry = base.retry ?? 'Run Set Up again: it skips the steps already done.';
    const message = base.kind === 'cancelled' && !/Set Up/.test(base.message) ? `Set Up was cancelled at the ${step} step. ${base.message}` : base.message;
    return new VmError(base.kind, message, step, leftOnVm, retry);
  }
}
