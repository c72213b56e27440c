// What Check the VM found, as the lines of the modal shown before anything changes, and which of the
// problems the set-up can fix itself (Java, when a package manager and sudo are there) and which block it.
import type { VmError, VmFindings } from '../kafka/vm/vmTypes';
import { formatBytes } from './vmNode';

/** One line per finding: OS/arch, Java, disk, memory, ports, existing Kafka, how the broker will run. */
export function findingLines(f: VmFindings, ports: number[]): string[] {
  const taken = new Map(f.portsInUse.map((p) => [p.port, p.process]));
  return [
    `System: ${f.os} (${f.arch}), home ${f.home}`,
    `Java: ${f.java ? `${f.java.version} (${f.java.path})` : 'not found'}${f.java && f.java.version < 17 ? ': Kafka 4 needs 17 or newer' : ''}`,
    `Disk free for the data: ${formatBytes(f.diskFreeBytes)}`,
    `Memory: ${formatBytes(f.memTotalBytes)} in all, ${formatBytes(f.memAvailableBytes)} available`,
    `Ports: ${ports.map((p) => (taken.has(p) ? `${p} in use${taken.get(p) ? ` by ${taken.get(p)}` : ''}` : `${p} free`)).join(', ')}`,
    `Kafka: ${f.existingKafka ? `${f.existingKafka.version} already in ${f.existingKafka.dir}` : 'not installed there yet'}${f.brokerRunning ? `, broker running (pid ${f.brokerRunning.pid})` : ''}`,
    `Runs as: ${f.systemdUser ? 'a systemd user unit' : 'a background process with a pid file'}; sudo: ${f.sudo}${f.packageManager ? `; packages: ${f.packageManager}` : ''}`,
  ];
}

/** True when the set-up can install Java itself (a package manager and a way to be root). */
export function canInstallJava(f: VmFindings): boolean {
  return !!f.packageManager && f.sudo !== 'none';
}

/** The problems that stop the set-up: all but a missing or old Java that it can install. */
export function blockingProblems(problems: VmError[], f: VmFindings): VmError[] {
  return problems.filter((p) => !((p.kind === 'java-missing' || p.kind === 'java-old') && canInstallJava(f)));
}

/** A problem as the person reads it: what is wrong, then how to fix it. */
export function problemText(p: VmError): string {
  return [p.message, p.retry].filter(Boolean).join(' ');
}
