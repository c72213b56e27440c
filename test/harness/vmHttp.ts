// A small HTTP server INSIDE the test VM (the namespace has no internet): serves a folder on the VM's
// own 127.0.0.1, optionally throttled so a test can cut SSH in the middle of a download.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GuardedProcess, spawnGuarded, trackTempDir, waitFor } from './process';
import { tmpdir } from 'node:os';
import { Vm } from './netns';

const SERVER = `import functools, http.server, sys, time
port, directory, rate = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
class H(http.server.SimpleHTTPRequestHandler):
    def copyfile(self, src, dst):
        if rate <= 0:
            return super().copyfile(src, dst)
        while True:
            b = src.read(65536)
            if not b:
                break
            dst.write(b)
            time.sleep(len(b) / rate)
    def log_message(self, *a):
        pass
http.server.ThreadingHTTPServer(('127.0.0.1', port), functools.partial(H, directory=directory)).serve_forever()
`;

export interface VmHttpServer {
  /** Base URL as the VM sees it, e.g. http://127.0.0.1:8000 */
  readonly url: string;
  readonly process: GuardedProcess;
  stop(): Promise<void>;
}

export async function startVmHttpServer(vm: Vm, directory: string, port: number, bytesPerSecond = 0): Promise<VmHttpServer> {
  const d = mkdtempSync(join(tmpdir(), 'kd-vmhttp-'));
  trackTempDir(d);
  writeFileSync(join(d, 'server.py'), SERVER);
  const cmd = [...vm.wrap, 'python3', join(d, 'server.py'), String(port), directory, String(bytesPerSecond)];
  const proc = spawnGuarded(cmd[0], cmd.slice(1), { logFile: join(d, 'http.log'), cleanupDirs: [d] });
  await waitFor(`HTTP server in the VM on 127.0.0.1:${port}`, 15_000, async () => {
    if (proc.child.exitCode !== null) throw new Error(`the HTTP server exited with ${proc.child.exitCode}`);
    return (await vm.exec(['ss', '-ltnH', `sport = :${port}`])).trim().length > 0;
  });
  return { url: `http://127.0.0.1:${port}`, process: proc, stop: () => proc.stop('SIGTERM', 3_000) };
}
