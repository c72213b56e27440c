import { createConnection, createServer, type Server } from 'node:net';

// Ports this process has already handed out. Linux may give the same ephemeral port to two
// listen(0) calls in a row once the first socket is closed, and a broker's listeners are
// picked one after another before any of them binds; one CI run failed exactly so
// ("two listeners on the same port"). Never hand a port out twice.
const handedOut = new Set<number>();

function listenAny(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => resolve(srv));
  });
}

function portOf(srv: Server): number {
  const addr = srv.address();
  return typeof addr === 'object' && addr ? addr.port : 0;
}

function close(srv: Server): Promise<void> {
  return new Promise((resolve) => srv.close(() => resolve()));
}

/** A port that was free on `host` a moment ago (the OS picks it), never one given out before. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  // Hold every rejected socket open while retrying, so the OS cannot offer the same one again.
  const held: Server[] = [];
  try {
    for (let tries = 0; tries < 50; tries++) {
      const srv = await listenAny(host);
      held.push(srv);
      const port = portOf(srv);
      if (port && !handedOut.has(port)) {
        handedOut.add(port);
        return port;
      }
    }
    throw new Error(`no unused loopback port on ${host} after 50 tries`);
  } finally {
    await Promise.all(held.map(close));
  }
}

/** Whether a TCP connection to host:port opens within 3 s (the firewall checks of the SSH suites). */
export function tcpConnects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port });
    s.setTimeout(3000);
    s.once('connect', () => { s.destroy(); resolve(true); });
    s.once('error', () => resolve(false));
    s.once('timeout', () => { s.destroy(); resolve(false); });
  });
}
