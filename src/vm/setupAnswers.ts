// The answers of Set Up Kafka on a VM, as the prompts collect them or as a test or script passes them to
// `kafkaDev.setUpKafkaOnVm` (then nothing is asked), checked the same way in both cases.
import { parseSshTarget } from '../clusters/clusterInput';
import { SshSettings } from '../kafka/rules/clusterConfig';
import { vmPathError } from '../kafka/rules/vmEntry';
import { apacheArchiveUrl, DEFAULT_KAFKA_VERSION } from '../kafka/vm/kafkaRelease';
import { DEFAULT_LAYOUT, KafkaSource, VmLayout } from '../kafka/vm/vmTypes';

/** What `kafkaDev.setUpKafkaOnVm` accepts instead of asking. */
export interface SetUpVmArgs {
  /** A Host alias from ~/.ssh/config, or user@host[:port]. */
  target: string;
  /** For a user@host target: how to log in (default: agent, then key files, then password) and the key file. */
  auth?: SshSettings['auth'];
  identityFile?: string;
  /** Default DEFAULT_KAFKA_VERSION (or the version already installed in kafkaDir). */
  kafkaVersion?: string;
  /** Default: download on the VM from the Apache archive. */
  source?: KafkaSource;
  kafkaDir?: string;
  dataDir?: string;
  /** Install Java with the VM's package manager when it is missing or too old (default true). */
  installJava?: boolean;
  /** The cluster's name in the Kafka view (default: the host). */
  clusterName?: string;
}

/** The answers once checked: everything the set-up and the cluster need. */
export interface SetUpAnswers {
  ssh: SshSettings;
  /** How the target is named in titles and messages (the alias or host). */
  host: string;
  kafkaVersion: string;
  source: KafkaSource;
  layout: VmLayout;
  installJava: boolean;
  clusterName?: string;
}

export const versionError = (v: string): string | undefined =>
  (/^\d+\.\d+\.\d+$/.test(v.trim()) ? undefined : `"${v.trim()}" is not a Kafka version: write major.minor.patch, e.g. ${DEFAULT_KAFKA_VERSION}.`);

export function urlError(v: string): string | undefined {
  let u: URL;
  try { u = new URL(v.trim()); } catch { return `"${v.trim()}" is not a URL: write it as https://host/path/kafka_2.13-X.Y.Z.tgz.`; }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `The VM downloads with http(s), not ${u.protocol}`;
  return undefined;
}

/** The SSH settings of a target as typed (alias or user@host[:port]), with the login options for a host. */
export function sshOf(target: string, auth?: SshSettings['auth'], identityFile?: string): SshSettings | { error: string } {
  const ssh = parseSshTarget(target);
  if ('error' in ssh) return ssh;
  if (ssh.host) {
    if (auth) ssh.auth = auth;
    if (identityFile?.trim()) ssh.identityFile = identityFile.trim();
  }
  return ssh;
}

/** Checks the argument form; throws an Error that names the field at fault. */
export function answersFromArgs(a: SetUpVmArgs): SetUpAnswers {
  if (typeof a.target !== 'string') throw new Error('"target" is required: a Host alias from ~/.ssh/config or user@host[:port].');
  const ssh = sshOf(a.target, a.auth, a.identityFile);
  if ('error' in ssh) throw new Error(`target: ${ssh.error}`);
  const kafkaVersion = a.kafkaVersion?.trim() || DEFAULT_KAFKA_VERSION;
  const vErr = versionError(kafkaVersion);
  if (vErr) throw new Error(`kafkaVersion: ${vErr}`);
  const source: KafkaSource = a.source ?? { kind: 'download', url: apacheArchiveUrl(kafkaVersion) };
  if (source.kind === 'download') {
    const uErr = urlError(source.url);
    if (uErr) throw new Error(`source.url: ${uErr}`);
  } else if (source.kind !== 'upload' || !source.localTarball) {
    throw new Error('source must be {"kind": "download", "url": …} or {"kind": "upload", "localTarball": "/path/kafka.tgz"}.');
  }
  const layout = { kafkaDir: a.kafkaDir?.trim() || DEFAULT_LAYOUT.kafkaDir, dataDir: a.dataDir?.trim() || DEFAULT_LAYOUT.dataDir };
  const lErr = vmPathError(layout.kafkaDir, 'Kafka directory') ?? vmPathError(layout.dataDir, 'data directory') ?? layoutError(layout);
  if (lErr) throw new Error(lErr);
  return { ssh, host: ssh.alias ?? ssh.host ?? a.target, kafkaVersion, source, layout, installJava: a.installJava ?? true, clusterName: a.clusterName };
}

/** The two directories must be apart: the data directory is formatted, the distribution is replaced. */
export function layoutError(l: VmLayout): string | undefined {
  const norm = (p: string): string => p.replace(/\/+$/, '');
  const k = norm(l.kafkaDir);
  const d = norm(l.dataDir);
  if (k === d) return `The Kafka directory and the data directory are both ${k}: give the data a directory of its own, e.g. ~/kafka-data.`;
  if (d.startsWith(`${k}/`)) return `The data directory ${d} is inside the Kafka directory ${k}, which a new version replaces: put it beside it, e.g. ~/kafka-data.`;
  return undefined;
}
