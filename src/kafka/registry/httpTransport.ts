// HTTP(S) to a Schema Registry with Node's own http/https: keep-alive agents, one deadline per request,
// and, when the cluster goes through SSH, connections made by the tunnel's socketFactory (each an SSH
// channel; for https the TLS runs inside it, end to end to the registry).
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import type { ISocketFactory } from 'kafkajs';
import type { RegistrySettings } from './types';
import { RegistryError } from './types';
import { RequestLabel, timeoutError, transportError } from './registryErrors';

/** Answers larger than this are not a registry's: refused rather than held in memory. */
const MAX_BODY = 32 * 1024 * 1024;

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

export interface HttpTransport {
  request(method: string, path: string, body?: string): Promise<HttpAnswer>;
  close(): void;
}

export interface TransportOptions {
  timeoutMs: number;
  socketFactory?: ISocketFactory;
  headers: Record<string, string>;
  log?: (m: string) => void;
}

type ConnectOptions = http.ClientRequestArgs & { servername?: string };

/** The agent for the URL's scheme; with a socketFactory its every connection is the factory's. */
function makeAgent(isHttps: boolean, tls: https.AgentOptions, socketFactory: ISocketFactory | undefined): http.Agent {
  const base: http.AgentOptions = { keepAlive: true, maxSockets: 8, keepAliveMsecs: 15_000 };
  if (!socketFactory) return isHttps ? new https.Agent({ ...base, ...tls }) : new http.Agent(base);
  const factory = socketFactory;
  const connect = (o: ConnectOptions): Socket => {
    const host = (o.hostname ?? o.host ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(o.port) || (isHttps ? 443 : 80);
    // kafkajs types ssl as always present, but the factory runs TLS over the channel only when it is given.
    const args = { host, port, onConnect: () => undefined } as Parameters<ISocketFactory>[0];
    if (isHttps) args.ssl = { ca: tls.ca, rejectUnauthorized: tls.rejectUnauthorized, servername: o.servername };
    const socket = factory(args);
    // The SSH channel's socket stand-in has no ref(); the agent calls it when it reuses a kept-alive socket.
    const s = socket as Socket & { ref?: () => Socket };
    if (typeof s.ref !== 'function') s.ref = () => s;
    return s;
  };
  // Overriding createConnection is the documented way to give an Agent its own sockets.
  if (isHttps) {
    return new (class extends https.Agent {
      override createConnection(o: ConnectOptions): Socket { return connect(o); }
    })({ ...base, ...tls });
  }
  return new (class extends http.Agent {
    override createConnection(o: ConnectOptions): Socket { return connect(o); }
  })(base);
}

/** TLS settings: the CA file is read once; a file that cannot be read fails every request with that reason. */
function tlsOptions(settings: RegistrySettings): { tls: https.AgentOptions; problem?: string } {
  const tls: https.AgentOptions = { rejectUnauthorized: !settings.skipVerify };
  if (!settings.caFile) return { tls };
  try {
    tls.ca = readFileSync(settings.caFile);
    return { tls };
  } catch (e) {
    return { tls, problem: `the Schema Registry's CA file ${settings.caFile} could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): choose an existing PEM file` };
  }
}

export function createHttpTransport(settings: RegistrySettings, opts: TransportOptions): HttpTransport {
  const base = new URL(settings.url);
  const isHttps = base.protocol === 'https:';
  const { tls, problem } = tlsOptions(settings);
  const agent = makeAgent(isHttps, tls, opts.socketFactory);
  const prefix = base.pathname.replace(/\/+$/, '');
  let closed = false;

  const once = (method: string, path: string, body: string | undefined, label: RequestLabel, deadline: number): Promise<HttpAnswer & { reused: boolean }> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = { ...opts.headers };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/vnd.schemaregistry.v1+json';
        headers['Content-Length'] = String(Buffer.byteLength(body));
      }
      let settled = false;
      let reused = false;
      // Our own clock for the whole exchange: socket timeouts do not exist on an SSH channel's socket.
      const timer = setTimeout(() => {
        finish(() => reject(timeoutError(label, opts.timeoutMs)));
        req.destroy();
      }, Math.max(1, deadline - Date.now()));
      function finish(f: () => void): void {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        f();
      }
      const req = (isHttps ? https : http).request({
        protocol: base.protocol, hostname: base.hostname.replace(/^\[|\]$/g, ''), port: base.port || (isHttps ? 443 : 80),
        method, path: prefix + path, headers, agent,
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            req.destroy();
            finish(() => reject(new RegistryError('not-registry', `${label.base} answered ${method} ${path} with more than ${MAX_BODY / 1024 / 1024} MB: not a registry's answer`)));
          } else chunks.push(c);
        });
        res.on('end', () => finish(() => resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
          reused,
        })));
        res.on('error', (e) => finish(() => reject(Object.assign(transportError(e, label), { reused }))));
      });
      req.on('socket', () => { reused = req.reusedSocket; });
      req.on('error', (e) => finish(() => reject(Object.assign(transportError(e, label), { reused }))));
      req.end(body);
    });

  return {
    async request(method, path, body) {
      const label: RequestLabel = { method, path, base: settings.url };
      if (closed) throw new RegistryError('unreachable', `the connection to the Schema Registry at ${settings.url} was closed`);
      if (problem) throw new RegistryError('tls', problem);
      const deadline = Date.now() + opts.timeoutMs;
      const t0 = Date.now();
      try {
        const a = await once(method, path, body, label, deadline);
        opts.log?.(`registry ${method} ${path} → ${a.status} in ${Date.now() - t0} ms`);
        return a;
      } catch (e) {
        // A kept-alive socket the server closed a moment ago fails at once; one retry on a fresh socket,
        // for requests that change nothing twice (GET, and PUTs of a level are idempotent too).
        const reusedReset = (e as { reused?: boolean }).reused && e instanceof RegistryError && e.kind === 'unreachable';
        if (reusedReset && method !== 'POST' && Date.now() < deadline) return once(method, path, body, label, deadline);
        opts.log?.(`registry ${method} ${path} failed after ${Date.now() - t0} ms: ${(e as Error).message}`);
        throw e;
      }
    },
    close() {
      closed = true;
      agent.destroy();
    },
  };
}
