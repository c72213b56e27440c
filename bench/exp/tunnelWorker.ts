// Prototype (experiment only): the SSH connection (ssh2's decryption and framing) in a worker thread.
// The worker runs an unchanged SshTunnel; each Kafka socket's bytes come to the main thread as
// transferred ArrayBuffers, the chunks of one turn of the worker's event loop coalesced into one message.
import { parentPort, workerData } from 'node:worker_threads';
import type { ClientChannel } from 'ssh2';
import { makeTunnel } from './workerTunnel';
import type { ToWorker } from './workerTunnel';

const port = parentPort;
if (!port) throw new Error('not in a worker');
const { tunnel, close } = makeTunnel(workerData);
const channels = new Map<number, ClientChannel>();
const pending = new Map<number, Buffer[]>();
let flushQueued = false;

function flush(): void {
  flushQueued = false;
  for (const [id, parts] of pending) {
    let total = 0;
    for (const p of parts) total += p.length;
    // Not from Buffer's pool: the whole ArrayBuffer is handed over.
    const out = Buffer.allocUnsafeSlow(total);
    let at = 0;
    for (const p of parts) { p.copy(out, at); at += p.length; }
    const ab = out.buffer as ArrayBuffer;
    port?.postMessage({ op: 'data', id, buf: ab }, [ab]);
  }
  pending.clear();
}

port.on('message', (m: ToWorker) => {
  if (m.op === 'open') {
    tunnel.forward(m.host, m.port).then((ch) => {
      channels.set(m.id, ch);
      ch.on('data', (d: Buffer) => {
        const list = pending.get(m.id);
        if (list) list.push(d); else pending.set(m.id, [d]);
        if (!flushQueued) { flushQueued = true; setImmediate(flush); }
      });
      ch.once('end', () => { flush(); port.postMessage({ op: 'end', id: m.id }); });
      ch.once('close', () => { flush(); port.postMessage({ op: 'close', id: m.id }); channels.delete(m.id); });
      ch.on('error', (e: Error) => port.postMessage({ op: 'error', id: m.id, message: e.message }));
      port.postMessage({ op: 'opened', id: m.id });
    }, (e: Error) => port.postMessage({ op: 'error', id: m.id, message: e.message }));
    return;
  }
  if (m.op === 'shutdown') { close(); return; }
  const ch = channels.get(m.id);
  if (!ch) return;
  if (m.op === 'write') ch.write(Buffer.from(m.buf));
  else if (m.op === 'end') ch.end();
  else if (m.op === 'close') ch.close();
  else if (m.op === 'pause') ch.pause();
  else if (m.op === 'resume') ch.resume();
});
