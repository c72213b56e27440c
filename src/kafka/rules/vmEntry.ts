// The `vm` member of a kafkaDev.clusters entry ({"kafkaDir": "~/kafka", "dataDir": "~/kafka-data"}) and the
// check of a directory on the VM as typed. The paths end up in commands run by /bin/sh on the VM, so only
// absolute or `~/` paths of plain characters are accepted: no quotes, spaces or `$` to be misread there.
import { VmSettings } from './clusterConfig';

/** What is wrong with a directory on the VM as typed, or undefined. */
export function vmPathError(text: string, what: string): string | undefined {
  const s = text.trim();
  if (!s) return `Enter the ${what}, e.g. ~/kafka or /opt/kafka.`;
  if (!s.startsWith('/') && !s.startsWith('~/')) return `The ${what} must be absolute (/opt/kafka) or in the SSH user's home (~/kafka), got "${s}".`;
  if (!/^[A-Za-z0-9_.~/+@:=,-]+$/.test(s)) return `The ${what} "${s}" holds characters a shell would read differently (spaces, quotes, $, …): use letters, digits and - _ . / only.`;
  if (/(^|\/)\.\.(\/|$)/.test(s)) return `The ${what} "${s}" contains "..": write the directory itself.`;
  if (s === '/' || s === '~/') return `The ${what} cannot be the root or the home directory itself: name a directory inside it, e.g. ~/kafka.`;
  return undefined;
}

/** `vm` as found in settings: the settings, or the field at fault and a message naming it. */
export function readVmEntry(v: unknown, who: string, hasSsh: boolean): { vm: VmSettings } | { field: string; message: string } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return { field: 'vm', message: `${who}: vm must be an object such as {"kafkaDir": "~/kafka"}, got ${Array.isArray(v) ? 'a list' : JSON.stringify(v)}.` };
  }
  if (!hasSsh) return { field: 'vm', message: `${who}: vm names where Kafka is on the cluster's SSH host, so it needs "ssh" too ({"alias": "course-vm"} or {"host": …}).` };
  const o = v as Record<string, unknown>;
  if (typeof o.kafkaDir !== 'string') return { field: 'vm.kafkaDir', message: `${who}: vm.kafkaDir must be a directory text such as "~/kafka", got ${o.kafkaDir === undefined ? 'nothing' : JSON.stringify(o.kafkaDir)}.` };
  const kErr = vmPathError(o.kafkaDir, 'Kafka directory');
  if (kErr) return { field: 'vm.kafkaDir', message: `${who}: vm.kafkaDir: ${kErr}` };
  if (o.dataDir !== undefined) {
    if (typeof o.dataDir !== 'string') return { field: 'vm.dataDir', message: `${who}: vm.dataDir must be a directory text such as "~/kafka-data", got ${JSON.stringify(o.dataDir)}.` };
    const dErr = vmPathError(o.dataDir, 'data directory');
    if (dErr) return { field: 'vm.dataDir', message: `${who}: vm.dataDir: ${dErr}` };
  }
  return { vm: { kafkaDir: o.kafkaDir.trim(), ...(typeof o.dataDir === 'string' && o.dataDir.trim() ? { dataDir: o.dataDir.trim() } : {}) } };
}
