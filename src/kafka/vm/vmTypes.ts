// The shapes shared by setting Kafka up on a VM over SSH and controlling its broker (issue 15).
// src/kafka/vm runs commands on the VM through the cluster's SSH connection (the same login, host-key
// checks and secrets as the tunnel); the VS Code side (src/vm) asks the person and shows progress.
import type { ParsedFindings } from '../rules/vmFindings';

/** What one command on the VM answered. */
export interface VmCommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Commands and files on the VM, over one SSH connection (an SshTunnel's). */
export interface VmShell {
  /** "user@host:port" or "alias (user@host:port)", as the tunnel names it. */
  readonly label: string;
  /**
   * Runs `command` with /bin/sh on the VM; resolves with its exit code and output (never rejects for a
   * non-zero exit). Rejects with VmError('ssh') when the connection fails or drops, with
   * VmError('timeout') after timeoutMs (default 60 s), naming the command's purpose.
   */
  exec(command: string, opts?: { purpose?: string; stdin?: string | Buffer; timeoutMs?: number; signal?: AbortSignal }): Promise<VmCommandResult>;
  /** Starts a long-running command (e.g. tail -F) and streams its output; the returned function stops it. */
  stream(command: string, onText: (text: string) => void, onEnd: (error?: Error) => void): Promise<() => void>;
  /** Copies a local file to the VM over SFTP (written as remotePath.partial, renamed when complete). */
  upload(localPath: string, remotePath: string, opts?: { onProgress?: (sent: number, total: number) => void; signal?: AbortSignal }): Promise<void>;
  close(): void;
}

/** Where Kafka lives on the VM. Paths are absolute or start with `~/` (the SSH user's home). */
export interface VmLayout {
  /** The unpacked distribution (bin/kafka-server-start.sh), default `~/kafka`. */
  kafkaDir: string;
  /** log.dirs and the KRaft metadata, default `~/kafka-data`. */
  dataDir: string;
}

export const DEFAULT_LAYOUT: VmLayout = { kafkaDir: '~/kafka', dataDir: '~/kafka-data' };

/** What Check the VM found, shown before anything is changed (read by rules/vmFindings). */
export type VmFindings = ParsedFindings;

export type KafkaSource =
  | { kind: 'download'; url: string; /** checksum file URL; default url + '.sha512'; none when absent */ checksumUrl?: string }
  | { kind: 'upload'; localTarball: string };

export interface VmSetupPlan {
  kafkaVersion: string;  // e.g. 4.1.1
  source: KafkaSource;
  layout: VmLayout;
  brokerPort: number;    // 9092, advertised as localhost:<brokerPort>
  controllerPort: number;// 9093
  heapMb: number;        // from heapForMemory(findings.memTotalBytes)
  /** Install Java with the package manager when missing (sudo password from the secrets source). */
  installJava: boolean;
}

export type VmStep = 'connect' | 'check' | 'java' | 'kafka' | 'configure' | 'start' | 'wait';

export interface VmProgress {
  step: VmStep;
  message: string;
  /** Share of the whole run this report completes (0..100), for vscode.Progress. */
  increment?: number;
}

export interface VmStepOutcome {
  step: VmStep;
  /** 'done' changed the VM; 'already' found it done and changed nothing. */
  outcome: 'done' | 'already';
  detail: string;
}

export interface VmSetupResult {
  /** False when every step was already done (the VM was set up before). */
  changed: boolean;
  steps: VmStepOutcome[];
  /** As the cluster should list it: `localhost:<brokerPort>` (reachable only through SSH). */
  bootstrap: string;
  manager: BrokerManager;
}

export type BrokerManager = 'systemd-user' | 'pidfile';

export type VmErrorKind = 'ssh' | 'timeout' | 'java-missing' | 'java-old' | 'port-taken' | 'disk' | 'memory'
  | 'download' | 'checksum' | 'upload' | 'command' | 'not-installed' | 'cancelled' | 'sudo';

/**
 * A step that failed: what failed, what it left on the VM and how to retry, each in words meant for
 * the person (the notification shows message, then leftOnVm and retry).
 */
export class VmError extends Error {
  constructor(readonly kind: VmErrorKind, message: string, readonly step?: VmStep,
    readonly leftOnVm?: string, readonly retry?: string) {
    super(message);
    this.name = 'VmError';
  }
}

export interface BrokerStatus {
  state: 'running' | 'stopped' | 'not-installed';
  manager?: BrokerManager;
  pid?: number;
  uptimeSeconds?: number;
  /** du of dataDir. */
  dataDirBytes?: number;
  version?: string;
}

/** Secrets the setup may need: the sudo password (never stored unless the person chooses so). */
export interface VmSecrets {
  sudoPassword(prompt: string): Promise<string | undefined>;
}
