// TEMPORARY STUB by helper vmview so src/vm compiles before h15-vmcore lands: replaced by vmcore's real file at merge.
import { VmProgress, VmSecrets, VmSetupPlan, VmSetupResult, VmShell } from './vmTypes';

export function setUpKafka(_shell: VmShell, _plan: VmSetupPlan, _opts: {
  onProgress: (p: VmProgress) => void; signal: AbortSignal; secrets: VmSecrets; probe?: () => Promise<void>;
}): Promise<VmSetupResult> {
  return Promise.reject(new Error('setUpKafka: stub (h15-vmcore not merged yet)'));
}
