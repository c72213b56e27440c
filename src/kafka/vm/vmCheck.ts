// TEMPORARY STUB by helper vmview so src/vm compiles before h15-vmcore lands: replaced by vmcore's real file at merge.
import { VmError, VmFindings, VmLayout, VmSetupPlan, VmShell } from './vmTypes';

export function checkVm(_shell: VmShell, _layout: VmLayout, _ports: number[]): Promise<VmFindings> {
  return Promise.reject(new Error('checkVm: stub (h15-vmcore not merged yet)'));
}

export function findingProblems(_findings: VmFindings, _plan: VmSetupPlan): VmError[] {
  return [];
}
