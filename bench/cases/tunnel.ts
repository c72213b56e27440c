// Case 5: the same consume through the SSH tunnel and directly, against one broker that lives in the
// firewalled "VM" (a network namespace whose loopback only sshd can reach). Direct = our consumer run
// inside the namespace; tunnel = our consumer on the host, every socket an ssh2 channel via sshd.
import { startSshVm } from '../../test/harness/netns';
import { runs, sizes } from '../config';
import { runOurs } from '../proc';
import { profileMissed } from '../profile';
import { rowFromSamples, Sample } from '../rows';
import { createTopics, seedWithKcat } from '../seed';
import type { ConsumeInput, ConsumeOutput } from '../ours/consume';
import { tunnelClient } from '../ours/sshClient';
import { consumeScript } from './consume';
import { BenchContext, CaseRow } from './types';

const TOPIC = 'bench-tunnel';

export async function tunnelCase(ctx: BenchContext, seedFile: string): Promise<CaseRow[]> {
  const n = sizes.consumeRecords;
  const vm = await startSshVm({ nodes: 1 });
  try {
    const bootstrap = vm.kafka.bootstrap;
    const ssh = { host: vm.sshd.host, port: vm.sshd.port, user: vm.sshd.user, keyPath: vm.sshd.userKeyPath, knownHostsLine: vm.sshd.knownHostsLine };
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
    ctx.log(`tunnel VM (${vm.vm.kind}) up, ${n.toLocaleString('en-US')} records seeded`);
    const direct: ConsumeInput = { bootstrap, topic: TOPIC, count: n, throttle: 'default' };
    const tunneled: ConsumeInput = { ...direct, ssh };
    const samples: Sample[] = [];
    for (let i = 0; i < runs.slow; i++) {
      const d = await runOurs<ConsumeOutput>(consumeScript(), direct, { wrap: vm.vm.wrap });
      const t = await runOurs<ConsumeOutput>(consumeScript(), tunneled);
      if (d.records !== n || t.records !== n) throw new Error(`tunnel run ${i + 1}: ${d.records}/${t.records} of ${n}`);
      samples.push({ ours: t.recordsPerSecond, peer: d.recordsPerSecond });
      ctx.log(`tunnel run ${i + 1}: through SSH ${Math.round(t.recordsPerSecond)}/s, direct ${Math.round(d.recordsPerSecond)}/s`);
    }
    const rows: CaseRow[] = [{
      row: rowFromSamples({
        name: `consume ${n.toLocaleString('en-US')} records through the SSH tunnel`, unit: 'rec/s', peerName: 'ours, direct (inside the VM)', higherIsBetter: true,
        goal: { kind: 'ratioAtLeast', min: 0.8, text: '≥ 0.8× direct' },
        notes: `${vm.vm.kind === 'netns' ? 'broker in a network namespace reachable only via sshd (OpenSSH) on its veth address' : 'loopback stand-in (no network namespaces here)'}; ssh2 direct-tcpip channels, Output-panel throttle`,
      }, samples),
      profile: { script: consumeScript(), input: tunneled },
    }];
    await profileMissed(rows, ctx.log);
    return rows;
  } finally {
    await vm.stop();
  }
}
