// The fixes Kafka Dev applies to kafkajs's internals (see kafkajsPatched.ts for why each one exists).
// They replace methods of kafkajs's private classes, so they are applied only to the exact version they
// were written and tested against; any other version is left as it is and a line says so, once.

/** The kafkajs version (its package.json) these fixes were written for. */
export const PATCHED_FOR = '2.2.4';

interface RequestQueue {
  pending: unknown[];
  throttledUntil: number;
  scheduleCheckPendingRequests(): void;
}

interface KafkaSocket {
  listeners(event: string): Array<(...a: unknown[]) => void>;
  removeListener(event: string, fn: (...a: unknown[]) => void): unknown;
  on(event: string, fn: (...a: unknown[]) => void): unknown;
  destroy(): void;
}

interface Connection {
  chunks: Buffer[];
  bytesBuffered: number;
  bytesNeeded: number;
  socket?: KafkaSocket;
  isConnected(): boolean;
  connect(): Promise<boolean>;
}

export interface PatchTargets {
  /** kafkajs's package.json version. */
  version: string;
  requestQueue: { prototype: RequestQueue };
  connection: { prototype: Connection };
}

export interface PatchResult {
  applied: boolean;
  version: string;
  /** Why not, when not applied. */
  message?: string;
}

const DONE = Symbol('kafka-dev patch');
/** The listeners kafkajs's createSocket put on a connection's current socket. */
const OWN = Symbol('kafka-dev socket listeners');
/** A connect in progress, shared by concurrent callers. */
const CONNECTING = Symbol('kafka-dev connecting');
const SOCKET_EVENTS = ['data', 'end', 'error', 'timeout'] as const;

type Marked = Record<symbol, unknown>;

/** Applies the fixes once per set of classes; logs once when the version is not the one they are for. */
export function applyKafkajsPatches(t: PatchTargets, log: (message: string) => void): PatchResult {
  const mark = t.connection.prototype as unknown as Marked;
  if (mark[DONE]) return mark[DONE] as PatchResult;
  let result: PatchResult;
  if (t.version !== PATCHED_FOR) {
    result = {
      applied: false, version: t.version,
      message: `Kafka Dev: kafkajs ${t.version} is loaded, but its fixes were written for kafkajs ${PATCHED_FOR}; they are not applied ` +
        '(idle connections may use more CPU, and a broker killed mid-response may garble a connection until it reconnects).',
    };
    log(result.message!);
  } else {
    patchIdleTimer(t.requestQueue.prototype);
    patchConnect(t.connection.prototype);
    result = { applied: true, version: t.version };
  }
  mark[DONE] = result;
  return result;
}

/** Fix 1: no 1 ms timer re-armed for ever on an idle connection (tulios/kafkajs#1751). */
function patchIdleTimer(queue: RequestQueue): void {
  const schedule = queue.scheduleCheckPendingRequests;
  queue.scheduleCheckPendingRequests = function (this: RequestQueue): void {
    if (this.pending.length === 0 && !(this.throttledUntil > Date.now())) return;
    schedule.call(this);
  };
}

/**
 * Fix 2 (a new socket starts a new byte stream: framing starts afresh) and fix 3: on reconnect the old
 * socket's kafkajs listeners are removed and the socket destroyed. kafkajs leaves them attached, so a
 * late 'end' or 'error' of the old socket ran its handler against the connection, which by then held
 * the new socket: it disconnected the new connection and rejected its requests, and late bytes of the
 * old socket were read as the new one's. Concurrent connects share one attempt (two sockets at once
 * was the same problem).
 */
function patchConnect(connection: Connection): void {
  const connect = connection.connect;
  connection.connect = function (this: Connection & Marked): Promise<boolean> {
    if (this.isConnected()) return connect.call(this);
    const inFlight = this[CONNECTING] as Promise<boolean> | undefined;
    if (inFlight) return inFlight;
    const old = this[OWN] as { socket: KafkaSocket; fns: Array<[string, (...a: unknown[]) => void]> } | undefined;
    if (old) {
      for (const [event, fn] of old.fns) old.socket.removeListener(event, fn);
      // Its errors now have no one to tell; without a listener they would be thrown.
      old.socket.on('error', () => undefined);
      old.socket.destroy();
      this[OWN] = undefined;
    }
    this.chunks = [];
    this.bytesBuffered = 0;
    this.bytesNeeded = 4; // the response size field, an INT32
    const attempt = connect.call(this);
    // kafkajs's createSocket ran synchronously inside connect(): its listeners are the last ones added.
    const socket = this.socket;
    if (socket && socket !== old?.socket) {
      const fns: Array<[string, (...a: unknown[]) => void]> = [];
      for (const event of SOCKET_EVENTS) {
        const fn = socket.listeners(event).at(-1);
        if (fn) fns.push([event, fn]);
      }
      this[OWN] = { socket, fns };
    }
    const shared = attempt.finally(() => { if (this[CONNECTING] === shared) this[CONNECTING] = undefined; });
    this[CONNECTING] = shared;
    return shared;
  };
}
