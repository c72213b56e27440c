// Turns what kafkajs, Node's net/tls stack and the broker throw into one sentence a person can act on.

export type KafkaErrorKind = 'dns' | 'refused' | 'closed' | 'timeout' | 'auth' | 'tls' | 'broker' | 'unknown';

export interface DescribedError {
  kind: KafkaErrorKind;
  message: string;
}

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  type?: string;
  cause?: unknown;
  originalError?: unknown;
}

function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const el = cur as ErrorLike;
    out.push(el);
    cur = el.originalError ?? el.cause;
  }
  return out;
}

export function describeKafkaError(e: unknown, tried?: string): DescribedError {
  const links = chain(e);
  const text = links.map((l) => `${l.name ?? ''} ${l.code ?? ''} ${l.type ?? ''} ${l.message ?? ''}`).join(' | ');
  const where = tried ? ` (tried ${tried})` : '';
  // OAUTHBEARER / MSK IAM (src/kafka/client/auth) already say which endpoint or broker and what to fix.
  const own = links.find((l) => typeof l.code === 'string' && l.code.startsWith('KAFKA_DEV_'));
  if (own?.message) return { kind: 'auth', message: own.message };
  if (/ENOTFOUND|EAI_AGAIN/.test(text)) {
    return { kind: 'dns', message: `Host name not found${where}. Check the spelling of the bootstrap server, or your DNS/VPN.` };
  }
  if (/ECONNREFUSED/.test(text)) {
    return { kind: 'refused', message: `Connection refused${where}. Is the broker running and listening on that host and port?` };
  }
  if (/SASL|SaslAuthentication|Authentication failed|ILLEGAL_SASL_STATE|UNSUPPORTED_SASL_MECHANISM/i.test(text)) {
    return { kind: 'auth', message: `Authentication failed${where}: check the SASL mechanism, user name and password.` };
  }
  if (/CERT|SSL|TLS|self[- ]signed|unable to verify|EPROTO|wrong version number/i.test(text)) {
    return { kind: 'tls', message: `TLS handshake failed${where}: ${links[links.length - 1]?.message ?? text}. Check the TLS setting and CA file.` };
  }
  if (/KafkaJSConnectionClosedError|Closed connection|Connection closed|ECONNRESET|socket hang up/i.test(text)) {
    // Seen on every attempt when a plaintext client talks to a TLS or SASL listener (the broker hangs up).
    return { kind: 'closed', message: `The broker closed the connection without answering${where}. If this happens every time, its listener probably expects TLS or SASL that this cluster's settings do not use (or the other way round): compare Security in Edit Cluster with the broker's listeners.` };
  }
  if (/timed? ?out|ETIMEDOUT|KafkaJSConnectionError: Connection timeout|KafkaJSNumberOfRetriesExceeded|KafkaJSRequestTimeoutError/i.test(text)) {
    return { kind: 'timeout', message: `No answer from the cluster in time${where}. Check the address, firewalls, and whether you need the SSH tunnel.` };
  }
  const last = links.find((l) => l.type) ?? links[0];
  if (last?.type) return { kind: 'broker', message: `The broker refused: ${last.message ?? last.type} (${last.type})` };
  return { kind: 'unknown', message: links[0]?.message ?? String(e) };
}

/** Rejects with `message` if `p` has not settled within `ms` (the underlying work is not cancelled). */
export function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(Object.assign(new Error(message), { code: 'ETIMEDOUT' })), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (err: unknown) => { clearTimeout(t); reject(err); });
  });
}
