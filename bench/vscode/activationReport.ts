// The line the activation probe prints inside the extension host and the bench reads from the
// workbench log. No imports: loaded both in plain Node and in the extension host.

export const ACTIVATION_MARKER = 'KAFKA_DEV_BENCH_ACTIVATION ';

export interface ActivationReport {
  /** KafkaDevApi.activationMs: what activate() measured of itself. */
  activationMs: number;
  /** Wall time of vscode's Extension.activate(): loading dist/extension.js plus activate(). */
  wallMs: number;
  /** Compiling and running dist/extension.js's top level in this extension host (require, uncached). */
  loadMs: number;
  /** True if something had activated the extension before the probe ran (then wallMs means little). */
  wasActive: boolean;
}
