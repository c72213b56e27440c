// Copy as…: ready-to-run code for a topic (or one record) of a cluster, for kafka-python (the course
// notebook's client), kafkajs, kcat and Kafka's console tools. Pure: the VS Code side picks, copies and
// inserts. Secrets are never written: the snippets read them from environment variables (SECRET_ENV).
import type { ClusterConfig, SshSettings } from './clusterConfig';
import { parseHostPort } from './clusterConfig';
import { shQuote } from './snippetQuote';
import { SECRET_ENV, SnippetInput, SnippetRecord } from './snippetCommon';
import { kafkajsSnippet } from './snippetJs';
import { pythonConsumer, pythonProducer } from './snippetPython';
import { consoleSnippet, kcatSnippet } from './snippetShell';

export type SnippetKind = 'kafka-python-producer' | 'kafka-python-consumer' | 'kafkajs' | 'kcat' | 'console';
export type { SnippetRecord, SnippetInput } from './snippetCommon';
export { SECRET_ENV, EXAMPLE_VALUE, securityProtocol, saslMechanism } from './snippetCommon';
export type SnippetLanguage = 'python' | 'javascript' | 'shellscript';

export interface SnippetKindInfo { kind: SnippetKind; label: string; detail: string; language: SnippetLanguage }

export const SNIPPET_KINDS: readonly SnippetKindInfo[] = [
  { kind: 'kafka-python-producer', label: 'kafka-python producer', detail: 'KafkaProducer with the JSON value_serializer (the course notebook)', language: 'python' },
  { kind: 'kafka-python-consumer', label: 'kafka-python consumer', detail: 'KafkaConsumer from the earliest offset, JSON values, ends after 10 s without records', language: 'python' },
  { kind: 'kafkajs', label: 'kafkajs producer and consumer', detail: 'Node.js script (npm install kafkajs)', language: 'javascript' },
  { kind: 'kcat', label: 'kcat', detail: 'produce (-P) and consume (-C -e -o beginning)', language: 'shellscript' },
  { kind: 'console', label: 'Kafka console tools', detail: 'kafka-console-producer.sh / kafka-console-consumer.sh --from-beginning', language: 'shellscript' },
];

export interface Snippet extends SnippetKindInfo { text: string }

/** `~/x y` as a shell word that still expands the tilde. */
function pathWord(p: string): string {
  return p.startsWith('~/') ? `~/${shQuote(p.slice(2))}` : shQuote(p);
}

/**
 * The `ssh -N -L` command that forwards each bootstrap server's port on this machine to that address as
 * the VM sees it (one -L per port), or undefined without SSH.
 */
export function sshTunnelCommand(ssh: SshSettings | undefined, bootstrapServers: string[]): string | undefined {
  if (!ssh) return undefined;
  const seen = new Set<number>();
  const words = ['ssh', '-N'];
  for (const s of bootstrapServers) {
    const hp = parseHostPort(s);
    if ('error' in hp || seen.has(hp.port)) continue;
    seen.add(hp.port);
    const host = hp.host.includes(':') ? `[${hp.host}]` : hp.host;
    words.push('-L', shQuote(`${hp.port}:${host}:${hp.port}`));
  }
  if (ssh.alias) {
    words.push(shQuote(ssh.alias));
  } else {
    if (ssh.identityFile) words.push('-i', pathWord(ssh.identityFile));
    words.push(shQuote(ssh.user ? `${ssh.user}@${ssh.host ?? ''}` : ssh.host ?? ''));
    if (ssh.port) words.push('-p', String(ssh.port));
  }
  return words.join(' ');
}

/** The addresses a client on this machine uses: through the tunnel, localhost at each forwarded port. */
export function clientBootstrap(c: ClusterConfig): string[] {
  if (!c.ssh) return c.bootstrapServers;
  const out: string[] = [];
  for (const s of c.bootstrapServers) {
    const hp = parseHostPort(s);
    const local = 'error' in hp ? s : `localhost:${hp.port}`;
    if (!out.includes(local)) out.push(local);
  }
  return out;
}

function headingOf(c: ClusterConfig, what: string, topic: string, record: SnippetRecord | undefined): string[] {
  const lines = [`${what} for topic ${JSON.stringify(topic)} on cluster ${JSON.stringify(c.name)}${record ? `, record p${record.partition}@${record.offset}` : ''} (Kafka Dev: Copy as…).`];
  const ssh = sshTunnelCommand(c.ssh, c.bootstrapServers);
  if (ssh) {
    const ports = [...new Set(clientBootstrap(c).map((s) => s.replace(/^.*:/, '')))];
    lines.push(
      'First open the SSH tunnel in a terminal and keep it open:',
      `  ${ssh}`,
      `This works because the broker advertises localhost:${ports.join(', localhost:')} (the course set-up): the client reaches`,
      'that address here, which is the tunnel. The local port (before the first colon of -L) must equal the',
      'port the broker advertises, so nothing else on this machine may listen on it.',
    );
  }
  if (c.sasl) lines.push(`Set ${SECRET_ENV.saslPassword} to the SASL password of ${c.sasl.username} first (it is not written here).`);
  if (c.oauth) lines.push(`Set ${SECRET_ENV.oauthClientSecret} to the OAuth client secret of ${c.oauth.clientId} first (it is not written here).`);
  if (c.tls?.enabled && c.tls.clientKeyFile) lines.push(`If ${c.tls.clientKeyFile} is encrypted, add its passphrase where the client asks for it (not written here).`);
  if (c.tls?.skipVerify) lines.push('The cluster is set to accept any broker certificate: insecure, only for throwaway test clusters.');
  return lines;
}

/** Renders one kind of snippet for a topic, or for one record of it. */
export function renderSnippet(kind: SnippetKind, cluster: ClusterConfig, topic: string, record?: SnippetRecord): Snippet {
  const info = SNIPPET_KINDS.find((k) => k.kind === kind);
  if (!info) throw new Error(`Unknown snippet kind "${kind}": one of ${SNIPPET_KINDS.map((k) => k.kind).join(', ')}.`);
  const input: SnippetInput = { cluster, topic, record, bootstrap: clientBootstrap(cluster), heading: headingOf(cluster, info.label, topic, record) };
  const text = kind === 'kafka-python-producer' ? pythonProducer(input)
    : kind === 'kafka-python-consumer' ? pythonConsumer(input)
      : kind === 'kafkajs' ? kafkajsSnippet(input)
        : kind === 'kcat' ? kcatSnippet(input)
          : consoleSnippet(input);
  return { ...info, text };
}
