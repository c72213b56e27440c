// The one place that classifies what kafkajs, Node's net/tls stack, the SSH tunnel and the broker throw,
// and turns it into one sentence a person can act on. Typed facts come first: kafkajs's error classes
// (KafkaJSConnectionError and its `code`, KafkaJSConnectionClosedError, KafkaJSRequestTimeoutError,
// KafkaJSSASLAuthenticationError, KafkaJSProtocolError's `type`, the cause a KafkaJSNumberOfRetriesExceeded
// carries), Node's error codes and the SSH tunnel's own error kinds. Message text is read only when none of
// those decides, and only on errors that come from the network stack: a validation message of ours that
// happens to say "timeout" or "TLS" is shown as written, never reclassified.

export type KafkaErrorKind = 'dns' | 'refused' | 'closed' | 'timeout' | 'auth' | 'tls' | 'broker' | 'ssh' | 'unknown';

export interface DescribedError {
  kind: KafkaErrorKind;
  message: string;
  /** Whether trying again may help (kafkajs's `retriable`, or the nature of the network fault). */
  retriable: boolean;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string | number;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
  originalError?: unknown;
}

/** The error and what it wraps (kafkajs's `cause`/`originalError`), outermost first. */
function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object' && !out.includes(cur as ErrorLike); i++) {
    const el = cur as ErrorLike;
    out.push(el);
    cur = el.originalError ?? el.cause;
  }
  return out;
}

/**
 * Name, type, code and message of an error and of what it wraps, for the few decisions that kafkajs makes
 * only in text (a broker error nested in a retry error, "leader -1"). Callers match the patterns below.
 */
export function errorText(e: unknown): string {
  return chain(e).map((l) => `${l.name ?? ''} ${l.type ?? ''} ${l.code ?? ''} ${l.message ?? ''}`).join(' | ');
}

/** Fetch-path errors after which a fetch is tried again (a broker restarting, leadership moving, a network blip). */
export const RETRIABLE_FETCH = /KafkaJSConnectionError|KafkaJSConnectionClosedError|KafkaJSRequestTimeoutError|KafkaJSBrokerNotFound|KafkaJSNumberOfRetriesExceeded|KafkaJSLockTimeout|KafkaJSTopicMetadataNotLoaded|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Closed connection|NOT_LEADER|LEADER_NOT_AVAILABLE|REPLICA_NOT_AVAILABLE|BROKER_NOT_AVAILABLE|FENCED_LEADER_EPOCH|UNKNOWN_LEADER_EPOCH|KAFKA_STORAGE_ERROR|NOT_CONTROLLER|REQUEST_TIMED_OUT|NETWORK_EXCEPTION|COORDINATOR_LOAD_IN_PROGRESS|leader -1/i;
export const UNKNOWN_TOPIC = /UNKNOWN_TOPIC_OR_PARTITION|UNKNOWN_TOPIC_ID|does not host this topic-partition/i;
export const OUT_OF_RANGE = /OFFSET_OUT_OF_RANGE|KafkaJSOffsetOutOfRange/;
export const LEADERSHIP_MOVING = /NOT_LEADER|LEADER_NOT_AVAILABLE|FENCED_LEADER_EPOCH|UNKNOWN_LEADER_EPOCH|NOT_CONTROLLER/;

/** Node's socket and DNS error codes. */
const NET_CODES: Record<string, KafkaErrorKind> = {
  ENOTFOUND: 'dns', EAI_AGAIN: 'dns', EAI_NONAME: 'dns',
  ECONNREFUSED: 'refused',
  ECONNRESET: 'closed', EPIPE: 'closed', ECONNABORTED: 'closed',
  ETIMEDOUT: 'timeout', EHOSTUNREACH: 'timeout', ENETUNREACH: 'timeout', EHOSTDOWN: 'timeout',
};
/** Node's TLS and OpenSSL certificate codes. */
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)_|EPROTO$)/;
/** Kafka protocol error types that mean the credentials or the mechanism are wrong. */
const AUTH_TYPES = new Set(['SASL_AUTHENTICATION_FAILED', 'ILLEGAL_SASL_STATE', 'UNSUPPORTED_SASL_MECHANISM']);

/** What one link of the chain says by its type alone, or undefined when its type is not decisive. */
function typedKind(l: ErrorLike): KafkaErrorKind | undefined {
  if (l.name === 'SshTunnelError') return 'ssh';
  if (typeof l.code === 'string') {
    // Node's TLS socket reports a peer that hung up during the handshake (TLS spoken to a plaintext
    // listener) as ECONNRESET; what failed is TLS, and the TLS setting is what to check.
    if (l.code === 'ECONNRESET' && /before secure TLS connection was established/.test(l.message ?? '')) return 'tls';
    if (NET_CODES[l.code]) return NET_CODES[l.code];
    if (TLS_CODE.test(l.code)) return 'tls';
  }
  switch (l.name) {
    case 'KafkaJSSASLAuthenticationError': return 'auth';
    case 'KafkaJSConnectionClosedError': return 'closed';
    case 'KafkaJSRequestTimeoutError': return 'timeout';
    // kafkajs's own connect timer: the only KafkaJSConnectionError without a code that has one meaning.
    case 'KafkaJSConnectionError': return l.message === 'Connection timeout' ? 'timeout' : undefined;
  }
  if (l.type && AUTH_TYPES.has(l.type)) return 'auth';
  if (l.type) return 'broker';
  return undefined;
}

/** True for errors of the network stack (kafkajs, Node), whose text may be read; false for our own messages. */
const fromStack = (l: ErrorLike): boolean => /^KafkaJS/.test(l.name ?? '') || l.code !== undefined || l.type !== undefined;

/** Text patterns for what the types did not decide (kafkajs folds some causes into the message only). */
function textKind(links: ErrorLike[]): KafkaErrorKind | undefined {
  const all = links.map((l) => `${l.name ?? ''} ${l.code ?? ''} ${l.message ?? ''}`).join(' | ');
  // Node's codes are unambiguous wherever they appear (kafkajs copies the socket's message into its own).
  const code = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)\b/.exec(all);
  if (code) return NET_CODES[code[1]];
  const stack = links.filter(fromStack).map((l) => l.message ?? '').join(' | ');
  if (!stack) return undefined;
  if (/SASL|Authentication failed/i.test(stack)) return 'auth';
  if (/CERT|SSL|TLS|self[- ]signed|unable to verify|wrong version number/i.test(stack)) return 'tls';
  if (/Closed connection|Connection closed|socket hang up/i.test(stack)) return 'closed';
  if (/timed? ?out/i.test(stack)) return 'timeout';
  // Retries ran out without a more specific cause: the cluster did not answer in time.
  if (links.some((l) => l.name === 'KafkaJSNumberOfRetriesExceeded')) return 'timeout';
  return undefined;
}

/** The kind of an error: the innermost decisive type first (the root cause), then the text. */
export function classifyKafkaError(e: unknown): KafkaErrorKind {
  const links = chain(e);
  for (const l of [...links].reverse()) {
    const k = typedKind(l);
    if (k) return k;
  }
  return textKind(links) ?? 'unknown';
}

function isRetriable(kind: KafkaErrorKind, links: ErrorLike[]): boolean {
  const typed = [...links].reverse().find((l) => typeof l.retriable === 'boolean' && l.name !== 'KafkaJSNumberOfRetriesExceeded');
  if (typed) return typed.retriable === true;
  return kind === 'refused' || kind === 'closed' || kind === 'timeout';
}

/** An error Kafka Dev wrote (a plain Error or a class of ours, no code or type): its message is for people already. */
const isOwn = (l: ErrorLike | undefined): boolean => !!l && !fromStack(l) && l.name !== 'SshTunnelError' && typeof l.message === 'string' && l.message !== '';

export function describeKafkaError(e: unknown, tried?: string): DescribedError {
  const links = chain(e);
  const kind = classifyKafkaError(e);
  const retriable = isRetriable(kind, links);
  // Our own wrapper (e.g. a topic operation explained in Kafka's terms) keeps its words; its cause gives the kind.
  if (isOwn(links[0])) return { kind, message: links[0].message ?? String(e), retriable };
  const where = tried ? ` (tried ${tried})` : '';
  // OAUTHBEARER / MSK IAM (src/kafka/client/auth) already say which endpoint or broker and what to fix.
  const own = links.find((l) => typeof l.code === 'string' && l.code.startsWith('KAFKA_DEV_'));
  if (own?.message) return { kind: 'auth', message: own.message, retriable };
  const say = (message: string): DescribedError => ({ kind, message, retriable });
  switch (kind) {
    case 'dns': return say(`Host name not found${where}. Check the spelling of the bootstrap server, or your DNS/VPN.`);
    case 'refused': return say(`Connection refused${where}. Is the broker running and listening on that host and port?`);
    case 'auth': return say(`Authentication failed${where}: check the SASL mechanism, user name and password.`);
    case 'tls': {
      const detail = links[links.length - 1]?.message ?? String(e);
      return say(`TLS handshake failed${where}: ${detail}. Check the TLS setting and CA file.`);
    }
    // Seen on every attempt when a plaintext client talks to a TLS or SASL listener (the broker hangs up).
    case 'closed': return say(`The broker closed the connection without answering${where}. If this happens every time, its listener probably expects TLS or SASL that this cluster's settings do not use (or the other way round): compare Security in Edit Cluster with the broker's listeners.`);
    case 'timeout': return say(`No answer from the cluster in time${where}. Check the address, firewalls, and whether you need the SSH tunnel.`);
    case 'ssh': return say(links.find((l) => l.name === 'SshTunnelError')?.message ?? String(e));
    case 'broker': {
      const t = [...links].reverse().find((l) => l.type) ?? links[0];
      return say(`The broker refused: ${t?.message ?? t?.type} (${t?.type})`);
    }
    default: return say(links[0]?.message ?? String(e));
  }
}

/** Rejects with `message` if `p` has not settled within `ms` (the underlying work is not cancelled). */
export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' })), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (err: unknown) => { clearTimeout(t); reject(err); });
  });
}
