// Case 5: the same consume through the SSH tunnel and directly, against one broker that lives in the
// firewalled "VM" (a network namespace whose loopback only sshd can reach). Direct = our consumer run
// inside the namespace; tunnel = our consumer on the host, every socket an ssh2 channel via sshd.
// Peers from the same run: our consumer through OpenSSH's `ssh -L` (the course's hand-made set-up),
// and kcat through the same `ssh -L` (and inside the VM, for kcat's own SSH cost).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSshVm } from '../../test/harness/netns';
import type { ServerNoDelayMode } from '../../src/kafka/ssh/serverNoDelay';
import { runs, sizes } from '../config';
import { loopbackPortFree, OpensshForward, startOpensshForward } from '../opensshForward';
import { peers } from '../peers';
import { runOurs, timeProcess } from '../proc';
import { profileMissed } from '../profile';
import { emptyRow, rowFromSamples, Sample } from '../rows';
import { median } from '../stats';
import { createTopics, seedWithKcat } from '../seed';
import type { ConsumeInput, ConsumeOutput } from '../ours/consume';
import { tunnelClient } from '../ours/sshClient';
import { consumeScript } from './consume';
import { BenchContext, CaseRow } from './types';

const TOPIC = 'bench-tunnel';
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** BENCH_SSH_NODELAY=off|sftp measures the alternatives to the default (exec `true`), for ANALYSIS.md. */
function noDelayMode(): ServerNoDelayMode {
  const m = process.env.BENCH_SSH_NODELAY;
  return m === 'off' || m === 'sftp' ? m : 'exec';
}

export async function tunnelCase(ctx: BenchContext, seedFile: string): Promise<CaseRow[]> {
  const n = sizes.consumeRecords;
  const vm = await startSshVm({ nodes: 1 });
  const khDir = mkdtempSync(join(ctx.tmp, 'tunnel-kh-'));
  let forward: OpensshForward | undefined;
  try {
    const bootstrap = vm.kafka.bootstrap;
    const mode = noDelayMode();
    const ssh = { host: vm.sshd.host, port: vm.sshd.port, user: vm.sshd.user, keyPath: vm.sshd.userKeyPath, knownHostsLine: vm.sshd.knownHostsLine, serverNoDelay: mode };
    // Setup goes through the tunnel too (the broker is reachable no other way from here).
    const setup = tunnelClient(bootstrap, 'bench-tunnel-setup', ssh);
    const admin = setup.kafka.admin();
    await admin.connect();
    try {
      await createTopics(admin, [{ topic: TOPIC, numPartitions: sizes.consumePartitions }]);
      await seedWithKcat(admin, bootstrap, TOPIC, seedFile, n, vm.vm.wrap);
    } finally {
      await admin.disconnect();
      setup.close();
    }
    ctx.log(`tunnel VM (${vm.vm.kind}) up, ${n.toLocaleString('en-US')} records seeded; sshd asked for TCP_NODELAY by: ${mode}`);

    // `ssh -L <port>:localhost:<port>`: only where the VM's broker port is the advertised one and is free here.
    const port = Number(bootstrap.split(':').pop());
    let noForward = '';
    if (vm.vm.kind !== 'netns') noForward = 'loopback stand-in VM: the broker port is a host port, ssh -L cannot take it';
    else if (!(await loopbackPortFree(port))) noForward = `port ${port} is taken on this machine's loopback, so ssh -L ${port}:localhost:${port} cannot listen`;
    if (!noForward) {
      const knownHosts = join(khDir, 'known_hosts');
      writeFileSync(knownHosts, `${vm.sshd.knownHostsLine}\n`);
      forward = await startOpensshForward({ host: vm.sshd.host, port: vm.sshd.port, user: vm.sshd.user, keyPath: vm.sshd.userKeyPath, knownHosts }, port);
    }

    const direct: ConsumeInput = { bootstrap, topic: TOPIC, count: n, throttle: 'default' };
    const tunneled: ConsumeInput = { ...direct, ssh };
    // kcat's default queued.min.messages (100k) throttles it; raised so the row compares transports, not that.
    const kcatArgs = [...peers.kcatConsume(bootstrap, TOPIC, n)[1], '-X', 'queued.min.messages=1000000'];
    const vsDirect: Sample[] = [];
    const vsOpenssh: Sample[] = [];
    const vsKcat: Sample[] = [];
    const kcatInVm: number[] = [];
    const rate = (ms: number): number => n / (ms / 1000);
    // Our three runs (direct, through ssh2, through ssh -L) go back to back in an order reversed every other
    // run, so that neither side of a ratio always runs first (a warmer broker, a cooler machine); 5 runs, as
    // these ratios swing more than the others (0.56–0.84× direct between two rounds of the same build).
    const consume = async (input: ConsumeInput, wrap?: string[]): Promise<ConsumeOutput> => {
      const out = await runOurs<ConsumeOutput>(consumeScript(), input, { wrap });
      if (out.records !== n) throw new Error(`tunnel run: ${out.records} of ${n} records`);
      return out;
    };
    for (let i = 0; i < runs.fast; i++) {
      const order: Array<'d' | 't' | 'o'> = forward ? ['d', 't', 'o'] : ['d', 't'];
      const got: Partial<Record<'d' | 't' | 'o', ConsumeOutput>> = {};
      // The host's localhost:<port> is the forward ('o'): our consumer, unchanged, through OpenSSH.
      for (const k of i % 2 ? order.reverse() : order) got[k] = await consume(k === 't' ? tunneled : direct, k === 'd' ? vm.vm.wrap : undefined);
      const d = got.d!, t = got.t!;
      vsDirect.push({ ours: t.recordsPerSecond, peer: d.recordsPerSecond });
      let line = `tunnel run ${i + 1}: through SSH ${fmt(t.recordsPerSecond)}/s, direct ${fmt(d.recordsPerSecond)}/s`;
      if (forward) {
        const o = got.o!;
        const k = await timeProcess('kcat', kcatArgs, { discardStdout: true });
        const kd = await timeProcess(vm.vm.wrap[0], [...vm.vm.wrap.slice(1), 'kcat', ...kcatArgs], { discardStdout: true });
        vsOpenssh.push({ ours: t.recordsPerSecond, peer: o.recordsPerSecond });
        vsKcat.push({ ours: t.recordsPerSecond, peer: rate(k.ms) });
        kcatInVm.push(rate(kd.ms) / rate(k.ms));
        line += `, ours through ssh -L ${fmt(o.recordsPerSecond)}/s, kcat through ssh -L ${fmt(rate(k.ms))}/s, kcat in the VM ${fmt(rate(kd.ms))}/s`;
      }
      ctx.log(line);
    }
    const where = vm.vm.kind === 'netns' ? 'broker in a network namespace reachable only via sshd (OpenSSH) on its veth address' : 'loopback stand-in (no network namespaces here)';
    const how = mode === 'exec' ? 'sshd gets TCP_NODELAY from a session running `true` after login'
      : mode === 'sftp' ? 'sshd gets TCP_NODELAY from an sftp subsystem session after login' : 'no session: sshd keeps Nagle on';
    const name = `consume ${n.toLocaleString('en-US')} records through the SSH tunnel`;
    const sshLName = 'ours through OpenSSH `ssh -N -L` (same VM)';
    const kcatName = 'kcat -X queued.min.messages=1000000 through `ssh -N -L`';
    const rows: CaseRow[] = [{
      row: rowFromSamples({
        name, unit: 'rec/s', peerName: 'ours, direct (inside the VM)', higherIsBetter: true,
        goal: { kind: 'ratioAtLeast', min: 0.8, text: '≥ 0.8× direct' },
        notes: `${where}; ssh2 direct-tcpip channels, ${how}; Output-panel throttle`,
      }, vsDirect),
      profile: { script: consumeScript(), input: tunneled },
    }];
    const sshLSpec = { name, unit: 'rec/s', peerName: sshLName, higherIsBetter: true, goal: { kind: 'ratioAtLeast' as const, min: 1.0, text: '≥ 1.0× ours through ssh -L' } };
    const kcatSpec = { name, unit: 'rec/s', peerName: kcatName, higherIsBetter: true };
    if (forward) {
      rows.push({ row: rowFromSamples({ ...sshLSpec, notes: `the course's set-up: \`ssh -N -L ${port}:localhost:${port}\` to the same sshd, our consumer unchanged on localhost:${port}` }, vsOpenssh) });
      rows.push({ row: rowFromSamples({ ...kcatSpec,
        notes: `kcat through the same forward (whole process, start-up included); kcat inside the VM is ${median(kcatInVm).toFixed(2)}× faster than through ssh -L` }, vsKcat) });
    } else {
      rows.push({ row: emptyRow(sshLSpec, 'failed', noForward) }, { row: emptyRow(kcatSpec, 'failed', noForward) });
    }
    await profileMissed(rows, ctx.log);
    return rows;
  } finally {
    await forward?.stop();
    rmSync(khDir, { recursive: true, force: true });
    await vm.stop();
  }
}
