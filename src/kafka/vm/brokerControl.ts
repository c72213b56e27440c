// TEMPORARY STUB by helper vmview so src/vm compiles before h15-vmcore lands: replaced by vmcore's real file at merge.
import { BrokerStatus, VmLayout, VmShell } from './vmTypes';

export function brokerControl(_shell: VmShell, _layout: VmLayout): {
  status(): Promise<BrokerStatus>; start(): Promise<void>; stop(): Promise<void>; restart(): Promise<void>;
  followLog(onText: (text: string) => void, onEnd: (error?: Error) => void): Promise<() => void>;
} {
  const no = (): Promise<never> => Promise.reject(new Error('brokerControl: stub (h15-vmcore not merged yet)'));
  return { status: no, start: no, stop: no, restart: no, followLog: no };
}
