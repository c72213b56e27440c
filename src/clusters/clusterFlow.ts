// The Add/Edit Cluster questions, one input at a time (Escape cancels, nothing is saved until the end).
import * as vscode from 'vscode';
import { ClusterConfig, parseBootstrapServers, TlsSettings } from '../kafka/rules/clusterConfig';
import { securityWarning } from '../kafka/rules/settings';
import { sshTargetChanged } from '../kafka/ssh/secretSlots';
import { askTokenAuth } from './clusterAuthFlow';
import { askRegistry } from './registryFlow';
import { ClusterInput, clusterNameError, currentChoice, parseSshTarget, pemFileError, SECURITY_LABELS, SecurityChoice, securityOf } from './clusterInput';

async function ask(step: string, opts: vscode.InputBoxOptions): Promise<string | undefined> {
  return vscode.window.showInputBox({ ignoreFocusOut: true, ...opts, title: `${opts.title ?? ''} (${step})` });
}

/** Asks everything for a new cluster or to edit `current`; undefined when cancelled. */
export async function askClusterInput(existing: ClusterConfig[], current?: ClusterConfig): Promise<ClusterInput | undefined> {
  const title = current ? `Edit Cluster "${current.name}"` : 'Add Cluster';
  const name = await ask('1/6 name', {
    title, prompt: 'A name for this cluster in the Kafka view', value: current?.name ?? (existing.length ? '' : 'local'),
    validateInput: (v) => clusterNameError(v, existing, current?.id),
  });
  if (name === undefined) return undefined;
  const servers = await ask('2/6 bootstrap servers', {
    title, prompt: 'Bootstrap servers: host:port, comma-separated', value: current?.bootstrapServers.join(', ') ?? 'localhost:9092',
    validateInput: (v) => { const r = parseBootstrapServers(v); return 'error' in r ? r.error : undefined; },
  });
  if (servers === undefined) return undefined;

  const sec = await vscode.window.showQuickPick(
    (Object.keys(SECURITY_LABELS) as SecurityChoice[]).map((k) => ({ label: SECURITY_LABELS[k], key: k, picked: (current ? securityOf(current) : 'none') === k })),
    { title: `${title} (3/6 authentication)`, placeHolder: currentChoice('authentication', current), ignoreFocusOut: true },
  );
  if (!sec) return undefined;
  const input: ClusterInput = { id: current?.id, name, bootstrapServers: servers, security: sec.key, testConnection: true };
  if (sec.key === 'oauthbearer' || sec.key === 'aws-msk-iam') {
    if (!await askTokenAuth(ask, title, sec.key, input, current)) return undefined;
  } else if (sec.key !== 'none') {
    const user = await ask('3/6 user name', { title, prompt: `${sec.label} user name`, value: current?.sasl?.username ?? '', validateInput: (v) => (v.trim() ? undefined : 'Enter the SASL user name.') });
    if (user === undefined) return undefined;
    const keep = !!current?.sasl;
    const pw = await ask('3/6 password', {
      title, password: true,
      prompt: keep ? 'Password (leave empty to keep the stored one). Kept in VS Code\'s secret storage, never in settings.' : 'Password. Kept in VS Code\'s secret storage, never in settings.',
      validateInput: (v) => (v || keep ? undefined : 'Enter the SASL password.'),
    });
    if (pw === undefined) return undefined;
    input.username = user;
    input.password = pw || undefined;
  }

  const tlsPick = await vscode.window.showQuickPick([
    {
      label: 'No TLS', description: 'PLAINTEXT or SASL_PLAINTEXT listener', mode: 'off',
      // SASL PLAIN sends the password itself, OAUTHBEARER its token; say so where the choice is made (the SSH step may still cover it).
      ...(sec.key === 'plain' ? { detail: `$(warning) ${securityWarning({ sasl: { mechanism: 'plain', username: '' } })}` } : {}),
      ...(sec.key === 'oauthbearer' ? { detail: `$(warning) ${securityWarning({ oauth: { tokenEndpointUrl: '', clientId: '' } })}` } : {}),
    },
    { label: 'TLS', description: 'verify brokers with the system CAs', mode: 'on' },
    { label: 'TLS with a CA file…', description: 'and optionally a client certificate and key', mode: 'files' },
    { label: '$(warning) TLS without verifying certificates', description: 'insecure: only for throwaway clusters', mode: 'skip' },
  ], { title: `${title} (4/6 TLS)`, placeHolder: currentChoice('tls', current), ignoreFocusOut: true });
  if (!tlsPick) return undefined;
  if (tlsPick.mode !== 'off') {
    const tls: TlsSettings = { enabled: true };
    if (tlsPick.mode === 'skip') {
      const ok = 'Skip Verification';
      const a = await vscode.window.showWarningMessage('Skipping certificate verification lets anyone on the network impersonate the brokers and read your traffic and password.', { modal: true }, ok);
      if (a !== ok) return undefined;
      tls.skipVerify = true;
    }
    if (tlsPick.mode === 'files') {
      const file = (what: string, value?: string): Promise<string | undefined> => ask('4/6 TLS files', {
        title, prompt: `${what}: full path of a PEM file (empty for none)`, value: value ?? '', validateInput: (v) => pemFileError(v.trim() || undefined, what),
      });
      const ca = await file('CA file', current?.tls?.caFile);
      if (ca === undefined) return undefined;
      const cert = await file('Client certificate', current?.tls?.clientCertFile);
      if (cert === undefined) return undefined;
      if (cert.trim()) {
        const key = await file('Client key', current?.tls?.clientKeyFile);
        if (key === undefined) return undefined;
        tls.clientCertFile = cert.trim();
        tls.clientKeyFile = key.trim() || undefined;
        const pass = await ask('4/6 key passphrase', { title, password: true, prompt: 'Client key passphrase, if the key is encrypted (empty for none)' });
        if (pass === undefined) return undefined;
        input.tlsKeyPassphrase = pass || undefined;
      }
      tls.caFile = ca.trim() || undefined;
    }
    input.tls = tls;
  }

  // The SSH tunnel itself belongs to the tunnel feature: this step only records where to tunnel through.
  const sshPick = await vscode.window.showQuickPick([
    { label: 'Connect directly', ssh: false },
    { label: '$(remote) Through an SSH tunnel…', description: 'a Host alias from ~/.ssh/config, or user@host[:port]', ssh: true },
  ], { title: `${title} (5/6 network)`, placeHolder: currentChoice('network', current), ignoreFocusOut: true });
  if (!sshPick) return undefined;
  if (sshPick.ssh) {
    const prev = current?.ssh ? (current.ssh.alias ?? `${current.ssh.user ? `${current.ssh.user}@` : ''}${current.ssh.host}${current.ssh.port && current.ssh.port !== 22 ? `:${current.ssh.port}` : ''}`) : '';
    const target = await ask('5/6 SSH host', {
      title, prompt: 'SSH Host alias (from ~/.ssh/config) or user@host[:port]. Key files and other options: kafkaDev.clusters in settings.',
      value: prev, validateInput: (v) => { const r = parseSshTarget(v); return 'error' in r ? r.error : undefined; },
    });
    if (target === undefined) return undefined;
    const ssh = parseSshTarget(target);
    if ('error' in ssh) return undefined;
    if (ssh.host) {
      const auth = await vscode.window.showQuickPick([
        { label: 'SSH agent', auth: 'agent' as const },
        { label: 'Private key file…', auth: 'key' as const },
        { label: 'Password (asked on first connect, kept in secret storage)', auth: 'password' as const },
      ], { title: `${title} (5/6 SSH authentication)`, ignoreFocusOut: true });
      if (!auth) return undefined;
      ssh.auth = auth.auth;
      if (auth.auth === 'key') {
        const key = await ask('5/6 SSH key', { title, prompt: 'Private key file (e.g. ~/.ssh/id_ed25519)', value: current?.ssh?.identityFile ?? '', validateInput: (v) => (v.trim() ? undefined : 'Enter the path of the private key file.') });
        if (key === undefined) return undefined;
        ssh.identityFile = key.trim();
      }
    }
    input.ssh = ssh;
    // Where Kafka lives on the SSH host (Kafka: Set Kafka Directory on VM…) stays while the host does.
    if (current?.vm && !sshTargetChanged(current.ssh, ssh)) input.vm = current.vm;
  }
  if (!await askRegistry(ask, title, input, current)) return undefined;
  return input;
}
