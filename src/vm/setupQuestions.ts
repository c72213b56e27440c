// The questions of Set Up Kafka on a VM, one at a time (Escape cancels; nothing changes on the VM before
// the last answer): the SSH target, then, after Check the VM, its findings, Java, the Kafka version, where
// Kafka comes from, the directories and the cluster's name.
import * as vscode from 'vscode';
import { clusterNameError } from '../clusters/clusterInput';
import { ClusterConfig, SshSettings } from '../kafka/rules/clusterConfig';
import { vmPathError } from '../kafka/rules/vmEntry';
import { apacheArchiveUrl, DEFAULT_KAFKA_VERSION } from '../kafka/vm/kafkaRelease';
import { DEFAULT_LAYOUT, KafkaSource, VmError, VmFindings, VmLayout } from '../kafka/vm/vmTypes';
import { canInstallJava, findingLines, problemText } from './findingsText';
import { layoutError, sshOf, urlError, versionError } from './setupAnswers';

export const TITLE = 'Set Up Kafka on a VM';

function ask(step: string, opts: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({ ignoreFocusOut: true, ...opts, title: `${TITLE} (${step})` });
}

/** The SSH target (alias or user@host[:port], checked as typed) and, for a host, how to log in. */
export async function askTarget(value = ''): Promise<{ target: string; ssh: SshSettings } | undefined> {
  const target = await ask('1/6 SSH host', {
    prompt: 'The VM: a Host alias from ~/.ssh/config, or user@host[:port]. Logged in as the tunnel does (agent, key files, password; host key checked).',
    placeHolder: 'course-vm or ubuntu@203.0.113.10', value,
    validateInput: (v) => { const r = sshOf(v); return 'error' in r ? r.error : undefined; },
  });
  if (target === undefined) return undefined;
  const ssh = sshOf(target);
  if ('error' in ssh) return undefined;
  if (ssh.host) {
    const auth = await vscode.window.showQuickPick([
      { label: 'SSH agent, then key files, then password', auth: undefined },
      { label: 'Private key file…', auth: 'key' as const },
      { label: 'Password (asked when connecting)', auth: 'password' as const },
    ], { title: `${TITLE} (1/6 SSH authentication)`, ignoreFocusOut: true });
    if (!auth) return undefined;
    if (auth.auth) ssh.auth = auth.auth;
    if (auth.auth === 'key') {
      const key = await ask('1/6 SSH key', { prompt: 'Private key file (e.g. ~/.ssh/id_ed25519)', validateInput: (v) => (v.trim() ? undefined : 'Enter the path of the private key file.') });
      if (key === undefined) return undefined;
      ssh.identityFile = key.trim();
    }
  }
  return { target, ssh };
}

export type FindingsChoice = 'continue' | 'reuse' | 'check-again' | undefined;

/** The findings, before anything changes; blocking problems with their fix and Check Again. */
export async function showFindings(label: string, f: VmFindings, ports: number[], blocking: VmError[], fixable: VmError[]): Promise<FindingsChoice> {
  const lines = findingLines(f, ports);
  if (blocking.length) {
    const again = 'Check Again';
    const a = await vscode.window.showErrorMessage(`${label} is not ready for Kafka: ${blocking.length === 1 ? 'one problem' : `${blocking.length} problems`}. Nothing was changed on it.`, {
      modal: true,
      detail: [...blocking.map((p) => `✗ ${problemText(p)}`), '', 'Found:', ...lines].join('\n'),
    }, again);
    return a === again ? 'check-again' : undefined;
  }
  const cont = 'Continue';
  const reuse = f.existingKafka ? `Reuse Kafka ${f.existingKafka.version}` : undefined;
  const a = await vscode.window.showInformationMessage(`Checked ${label}: nothing has been changed on it yet.`, {
    modal: true,
    detail: [...lines, ...fixable.map((p) => `! ${problemText(p)}`), '', reuse ? `${reuse} keeps the distribution in ${f.existingKafka?.dir}; Continue chooses the version and directories.` : 'Continue chooses the Kafka version and directories.'].join('\n'),
  }, ...(reuse ? [reuse] : []), cont);
  return a === cont ? 'continue' : a !== undefined && a === reuse ? 'reuse' : undefined;
}

/** Java missing or too old: offer to install it with the package manager (true), else undefined (cancel). */
export async function askInstallJava(label: string, f: VmFindings): Promise<boolean | undefined> {
  const install = 'Install Java';
  const found = f.java ? `Java ${f.java.version} (${f.java.path})` : 'no Java';
  const a = await vscode.window.showWarningMessage(`Kafka needs Java 17 or newer; ${label} has ${found}.`, {
    modal: true,
    detail: canInstallJava(f)
      ? `Kafka Dev can install it with ${f.packageManager}${f.sudo === 'password' ? ' (sudo asks for your password; it is kept only if you choose so)' : f.sudo === 'root' ? ' as root' : ' (sudo)'}.`
      : 'Install Java 17 or newer on the VM yourself (e.g. sudo apt-get install openjdk-17-jre-headless), then run Set Up again.',
  }, ...(canInstallJava(f) ? [install] : []));
  return a === install ? true : undefined;
}

/** Version, source and directories; `reuse` keeps the Kafka found (no version or source asked). */
export async function askKafka(f: VmFindings, reuse: boolean, checked: VmLayout): Promise<{ kafkaVersion: string; source: KafkaSource; layout: VmLayout } | undefined> {
  let kafkaVersion = f.existingKafka?.version ?? DEFAULT_KAFKA_VERSION;
  let source: KafkaSource = { kind: 'download', url: apacheArchiveUrl(kafkaVersion) };
  if (!reuse) {
    const v = await ask('2/6 Kafka version', { prompt: `The Kafka version (the newest 4.x is ${DEFAULT_KAFKA_VERSION})`, value: DEFAULT_KAFKA_VERSION, validateInput: versionError });
    if (v === undefined) return undefined;
    kafkaVersion = v.trim();
    const how = await vscode.window.showQuickPick([
      { label: '$(cloud-download) Download on the VM', description: 'from the Apache archive, or a URL you give; checksum verified when published', from: 'download' as const },
      { label: '$(cloud-upload) Upload a Kafka tarball from this machine', description: 'a kafka_2.13-X.Y.Z.tgz, copied over SFTP', from: 'upload' as const },
    ], { title: `${TITLE} (3/6 where Kafka comes from)`, ignoreFocusOut: true });
    if (!how) return undefined;
    if (how.from === 'download') {
      const url = await ask('3/6 download URL', { prompt: 'The URL the VM downloads the Kafka tarball from', value: apacheArchiveUrl(kafkaVersion), validateInput: urlError });
      if (url === undefined) return undefined;
      source = { kind: 'download', url: url.trim() };
    } else {
      const files = await vscode.window.showOpenDialog({
        title: `${TITLE}: the Kafka ${kafkaVersion} tarball to upload`, canSelectFiles: true, canSelectMany: false, openLabel: 'Upload',
        filters: { 'Kafka distribution': ['tgz', 'gz'] },
      });
      if (!files?.[0]) return undefined;
      source = { kind: 'upload', localTarball: files[0].fsPath };
    }
  }
  const kafkaDir = await ask('4/6 Kafka directory', {
    prompt: 'Where Kafka is unpacked on the VM (absolute, or ~/ for the SSH user\'s home)', value: reuse ? f.existingKafka?.dir ?? checked.kafkaDir : checked.kafkaDir,
    validateInput: (v) => vmPathError(v, 'Kafka directory'),
  });
  if (kafkaDir === undefined) return undefined;
  const dataDir = await ask('5/6 data directory', {
    prompt: 'Where the broker keeps its data and KRaft metadata on the VM (formatted once)', value: checked.dataDir || DEFAULT_LAYOUT.dataDir,
    validateInput: (v) => vmPathError(v, 'data directory') ?? layoutError({ kafkaDir: kafkaDir.trim(), dataDir: v.trim() }),
  });
  if (dataDir === undefined) return undefined;
  return { kafkaVersion, source, layout: { kafkaDir: kafkaDir.trim(), dataDir: dataDir.trim() } };
}

/** The new cluster's name (default the host); not asked when an existing cluster is reused. */
export async function askClusterName(existing: ClusterConfig[], host: string): Promise<string | undefined> {
  const taken = new Set(existing.map((c) => c.name.toLowerCase()));
  let value = host;
  for (let i = 2; taken.has(value.toLowerCase()); i++) value = `${host}-${i}`;
  const name = await ask('6/6 cluster name', { prompt: 'The cluster\'s name in the Kafka view (bootstrap localhost:9092 through SSH)', value, validateInput: (v) => clusterNameError(v, existing) });
  return name?.trim();
}
