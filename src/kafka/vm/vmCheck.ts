// Check the VM: one shell script over SSH that reports everything Set Up needs to know before it changes
// anything (OS, architecture, Java, free disk where the data will go, memory, listeners on the chosen
// ports, an existing Kafka, systemd user manager, package manager, sudo); parsed by rules/vmFindings.
import { formatBytes } from '../rules/kafkaRelease';
import { parseFindings, SECTION_MARK } from '../rules/vmFindings';
import { LISTENERS_SCRIPT, runningPidScript, SYSTEMD_USER_SCRIPT } from './vmPaths';
import { shellPath } from './vmShell';
import { VmError, VmFindings, VmLayout, VmSetupPlan, VmShell } from './vmTypes';

const GIB = 1024 * 1024 * 1024;

export function checkScript(layout: VmLayout): string {
  const mark = (name: string): string => `echo '${SECTION_MARK}${name}'`;
  return [
    mark('os'), 'if [ -r /etc/os-release ]; then (. /etc/os-release; echo "${PRETTY_NAME:-$NAME}"); else uname -s; fi',
    mark('arch'), 'uname -m',
    mark('home'), 'echo "$HOME"',
    mark('java'), 'command -v java && java -version 2>&1 | head -n 3',
    mark('df'), `kd_d=${shellPath(layout.dataDir)}; while [ ! -e "$kd_d" ]; do kd_d=$(dirname "$kd_d"); done; df -Pk "$kd_d" | tail -n 1`,
    mark('mem'), "grep -E '^(MemTotal|MemAvailable|MemFree):' /proc/meminfo",
    mark('ss'), LISTENERS_SCRIPT,
    mark('kafka'), `ls ${shellPath(layout.kafkaDir)}/libs 2>/dev/null | grep '^kafka_2\\.1[23]-'`,
    mark('broker'), runningPidScript(layout), 'echo "$kd_pid"',
    mark('systemd'), SYSTEMD_USER_SCRIPT,
    mark('pm'), 'for p in apt-get dnf yum zypper apk; do if command -v $p >/dev/null 2>&1; then echo $p; break; fi; done',
    mark('sudo'), 'if [ "$(id -u)" = 0 ]; then echo root; elif ! command -v sudo >/dev/null 2>&1; then echo none; elif sudo -n true 2>/dev/null; then echo nopasswd; else echo password; fi',
    'true',
  ].join('\n');
}

export async function checkVm(shell: VmShell, layout: VmLayout, ports: number[], opts: { signal?: AbortSignal } = {}): Promise<VmFindings> {
  const r = await shell.exec(checkScript(layout), { purpose: 'checking the VM', timeoutMs: 60_000, signal: opts.signal });
  if (!r.stdout.includes(`${SECTION_MARK}sudo`)) {
    throw new VmError('command', `Checking ${shell.label} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim().slice(-500)}`, 'check',
      'Nothing was changed on the VM.', 'Check that the SSH user has a POSIX shell (/bin/sh) and run Set Up again.');
  }
  return parseFindings(r.stdout, ports, layout.kafkaDir);
}

/** The Java a Kafka version needs: 17 for 4.x, 11 before. */
export function javaNeeded(kafkaVersion: string): number {
  return Number(kafkaVersion.split('.')[0]) >= 4 ? 17 : 11;
}

/** The shell that installs a headless JRE with this package manager (run as root). */
export function javaInstallCommand(pm: NonNullable<VmFindings['packageManager']>): string {
  switch (pm) {
    case 'apt-get': return 'export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && { apt-get install -y -qq openjdk-21-jre-headless || apt-get install -y -qq openjdk-17-jre-headless; }';
    case 'dnf': return 'dnf install -y java-21-openjdk-headless || dnf install -y java-17-openjdk-headless';
    case 'yum': return 'yum install -y java-21-openjdk-headless || yum install -y java-17-openjdk-headless';
    case 'zypper': return 'zypper --non-interactive install java-21-openjdk-headless || zypper --non-interactive install java-17-openjdk-headless';
    case 'apk': return 'apk add openjdk21-jre-headless || apk add openjdk17-jre-headless';
  }
}

/** What to tell a person who installs Java themselves. */
export function javaInstallHint(pm: NonNullable<VmFindings['packageManager']>): string {
  switch (pm) {
    case 'apt-get': return 'sudo apt-get update && sudo apt-get install -y openjdk-17-jre-headless (or openjdk-21-jre-headless)';
    case 'dnf': return 'sudo dnf install -y java-17-openjdk-headless';
    case 'yum': return 'sudo yum install -y java-17-openjdk-headless';
    case 'zypper': return 'sudo zypper install java-17-openjdk-headless';
    case 'apk': return 'sudo apk add openjdk17-jre-headless';
  }
}

export type ProblemPlan = Pick<VmSetupPlan, 'kafkaVersion' | 'brokerPort' | 'controllerPort' | 'installJava' | 'layout'>;

/**
 * What stops Set Up on this VM, each as the VmError Set Up would throw (step 'check', nothing changed):
 * no usable Java (unless it will be installed), a chosen port held by something other than our broker,
 * under 1 GiB free where the data goes, under 1 GiB of memory.
 */
export function findingProblems(f: VmFindings, plan: ProblemPlan, label = 'the VM'): VmError[] {
  const out: VmError[] = [];
  const nothing = 'Nothing was changed on the VM.';
  const needed = javaNeeded(plan.kafkaVersion);
  const install = f.packageManager ? javaInstallHint(f.packageManager) : `install a Java ${needed}+ runtime`;
  if (!f.java && !plan.installJava) {
    out.push(new VmError('java-missing', `Java is not installed on ${label} (no \`java\` on the SSH user's PATH): Kafka ${plan.kafkaVersion} needs Java ${needed} or newer.`,
      'check', nothing, `Let Set Up install Java, or install it yourself (${install}) and run Set Up again.`));
  } else if (f.java && f.java.version < needed && !plan.installJava) {
    out.push(new VmError('java-old', `${label} has Java ${f.java.version} (${f.java.path}: ${f.java.text}); Kafka ${plan.kafkaVersion} needs Java ${needed} or newer.`,
      'check', nothing, `Let Set Up install a newer Java, or install one yourself (${install}) and run Set Up again.`));
  }
  const ours = (p: { process?: string; pid?: number }): boolean => !!f.brokerRunning && (p.pid === undefined || p.pid === f.brokerRunning.pid);
  for (const p of f.portsInUse) {
    if (![plan.brokerPort, plan.controllerPort].includes(p.port) || ours(p)) continue;
    const what = p.process ? `${p.process}` : 'another process (ss could not show which)';
    out.push(new VmError('port-taken', `Port ${p.port} on ${label} is already taken by ${what}; the broker needs ${plan.brokerPort} (clients) and ${plan.controllerPort} (controller).`,
      'check', nothing, `Stop ${p.process ? p.process.replace(/ \(pid.*/, '') : 'that process'} on the VM (see \`ss -ltnp\`), or choose other ports, and run Set Up again.`));
  }
  if (f.diskFreeBytes < GIB) {
    out.push(new VmError('disk', `Only ${formatBytes(f.diskFreeBytes)} free on ${label} where the data directory ${plan.layout.dataDir} goes; the broker needs at least 1 GiB.`,
      'check', nothing, 'Free some space (or choose a data directory on a larger disk) and run Set Up again.'));
  }
  if (f.memTotalBytes < GIB) {
    out.push(new VmError('memory', `${label} has ${formatBytes(f.memTotalBytes)} of memory; a Kafka broker needs at least 1 GiB.`,
      'check', nothing, 'Choose a VM with at least 1 GiB (2 GiB is comfortable) and run Set Up again.'));
  }
  return out;
}
