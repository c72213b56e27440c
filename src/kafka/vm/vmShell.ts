// TEMPORARY STUB by helper vmview so src/vm compiles before h15-vmcore lands: replaced by vmcore's real file at merge.
import type { SshTunnel } from '../ssh/sshTunnel';
import { VmShell } from './vmTypes';

export function openVmShell(_tunnel: SshTunnel): VmShell {
  throw new Error('openVmShell: stub (h15-vmcore not merged yet)');
}
