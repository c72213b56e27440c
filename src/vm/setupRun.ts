// Set Up Kafka on a VM from start to end: one SSH connection of its own for the whole command (closed at
// the end), Check the VM under a cancellable progress, the findings shown before anything changes, the
// questions, setUpKafka under a cancellable progress whose last step is a real Kafka request through the
// tunnel, then the cluster added (or the one with the same SSH target and bootstrap reused) and revealed.
// A VmError is shown with what was left on the VM and how to retry, and a Retry button that reruns.
import * as vscode from 'vscode';
import { commandErrorMessage } from '../commands/register';
import { ExplorerProvider } from '../explorer/explorerProvider';
import { ClusterConfig } from '../kafka/rules/clusterConfig';
import { sshTargetChanged, vaultSecrets } from '../kafka/ssh/secretSlots';
import { checkVm, findingProblems } from '../kafka/vm/vmCheck';
import { DEFAULT_KAFKA_VERSION, heapForMemory } from '../kafka/vm/kafkaRelease';
import { setUpKafka } from '../kafka/vm/vmSetup';
import { DEFAULT_LAYOUT, VmError, VmFindings, VmLayout, VmSetupPlan, VmSetupResult } from '../kafka/vm/vmTypes';
import { Services } from '../services';
import { blockingProblems } from './findingsText';
import { probeKafka } from './kafkaProbe';
import { SetUpAnswers } from './setupAnswers';
import { askClusterName, askInstallJava, askKafka, askTarget, showFindings, TITLE } from './setupQuestions';
import { SudoSecrets } from './sudoSecrets';
import { VmSession, VmShells } from './vmShells';

const BROKER_PORT = 9092;
const CONTROLLER_PORT = 9093;

export interface SetUpVmOutcome {
  cluster: ClusterConfig;
  /** True when a cluster with the same SSH target and bootstrap was there already (and kept). */
  reusedCluster: boolean;
  result: VmSetupResult;
  findings: VmFindings;
}

const cancelled = (): vscode.CancellationError => new vscode.CancellationError();

export class VmSetup {
  constructor(private readonly services: Services, private readonly explorer: ExplorerProvider, private readonly shells: VmShells,
    readonly sudo: SudoSecrets) {}

  /** With `preset` (arguments, or Retry) nothing already answered is asked again; `interactive` false asks nothing. */
  async run(preset: Partial<SetUpAnswers>, interactive: boolean): Promise<SetUpVmOutcome | undefined> {
    let answers: Partial<SetUpAnswers> = { ...preset };
    if (!answers.ssh) {
      const t = await askTarget();
      if (!t) return undefined;
      answers = { ...answers, ssh: t.ssh, host: t.ssh.alias ?? t.ssh.host ?? t.target };
    }
    const ssh = answers.ssh;
    if (!ssh) return undefined;
    const host = answers.host ?? ssh.alias ?? ssh.host ?? 'VM';
    // SSH secrets asked while setting up are kept in memory, and stored with the cluster once it is saved.
    const asked: Record<string, string> = {};
    const secrets = vaultSecrets({ read: async () => ({ ...asked }), write: async (all) => { for (const k of Object.keys(asked)) delete asked[k]; Object.assign(asked, all); } },
      async (kind, prompt, slot) => (interactive ? vscode.window.showInputBox({ title: `${TITLE}: SSH ${kind} for ${slot}`, prompt, password: true, ignoreFocusOut: true }) : undefined));
    const session = this.shells.open({ id: `vm-setup:${host}`, name: host, ssh }, { secrets, logPrefix: `[set up ${host}]` });
    try {
      const checkedLayout: VmLayout = answers.layout ?? DEFAULT_LAYOUT;
      let findings: VmFindings;
      let reuse = false;
      for (;;) {
        findings = await this.check(session, checkedLayout);
        if (!interactive) break;
        const plan = this.plan({ ...answers, installJava: false }, findings, checkedLayout);
        const problems = findingProblems(findings, plan);
        const choice = await showFindings(session.shell.label, findings, [BROKER_PORT, CONTROLLER_PORT], blockingProblems(problems, findings), problems.filter((p) => !blockingProblems(problems, findings).includes(p)));
        if (choice === 'check-again') continue;
        if (!choice) return undefined;
        reuse = choice === 'reuse';
        break;
      }
      const javaOk = !!findings.java && findings.java.version >= 17;
      if (interactive && !javaOk && answers.installJava === undefined) {
        if (!await askInstallJava(session.shell.label, findings)) return undefined;
        answers.installJava = true;
      }
      if (interactive && (!answers.kafkaVersion || !answers.source || !answers.layout)) {
        const k = await askKafka(findings, reuse, checkedLayout);
        if (!k) return undefined;
        answers = { ...answers, ...k };
      }
      const existing = this.matchingCluster(ssh, `localhost:${BROKER_PORT}`);
      if (interactive && !existing && !answers.clusterName) {
        answers.clusterName = await askClusterName(this.services.clusters.list(), host);
        if (!answers.clusterName) return undefined;
      }
      const plan = this.plan(answers, findings, answers.layout ?? checkedLayout);
      const blocking = blockingProblems(findingProblems(findings, plan), findings).filter((p) => !(plan.installJava && (p.kind === 'java-missing' || p.kind === 'java-old')));
      if (!interactive && blocking.length) throw blocking[0];
      const result = await this.setUp(session, plan, host);
      const { cluster, reused } = await this.saveCluster(answers, plan, result, host, asked);
      await this.explorer.revealCluster(cluster.id).then(undefined, (e: unknown) => this.services.log.debug(`reveal ${cluster.name}: ${String(e)}`));
      if (interactive) this.announce(cluster, reused, result, session.shell.label, plan);
      return { cluster, reusedCluster: reused, result, findings };
    } catch (e) {
      if (e instanceof VmError && e.kind === 'sudo') await this.sudo.forget(session.shell.label);
      if (interactive && e instanceof VmError) {
        // Cancelled midway is a warning, yet it too says what was left on the VM and offers to go on.
        this.services.log[e.kind === 'cancelled' ? 'warn' : 'error'](`[set up ${host}] ${e.kind}: ${e.message}${e.leftOnVm ? ` Left on the VM: ${e.leftOnVm}` : ''}`);
        this.showFailure(e, answers);
        return undefined;
      }
      if (e instanceof VmError && e.kind === 'cancelled') throw cancelled();
      throw e;
    } finally {
      session.close();
    }
  }

  private plan(a: Partial<SetUpAnswers>, f: VmFindings, layout: VmLayout): VmSetupPlan {
    const kafkaVersion = a.kafkaVersion ?? f.existingKafka?.version ?? DEFAULT_KAFKA_VERSION;
    return {
      kafkaVersion, source: a.source ?? { kind: 'download', url: '' }, layout,
      brokerPort: BROKER_PORT, controllerPort: CONTROLLER_PORT, heapMb: heapForMemory(f.memTotalBytes),
      installJava: (a.installJava ?? true) && !(f.java && f.java.version >= 17),
    };
  }

  /** Check the VM, under a progress notification whose Cancel closes the connection. */
  private check(session: VmSession, layout: VmLayout): Thenable<VmFindings> {
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Checking the VM ${session.tunnel.label}…`, cancellable: true }, (_p, token) =>
      new Promise<VmFindings>((resolve, reject) => {
        const sub = token.onCancellationRequested(() => { session.close(); reject(cancelled()); });
        checkVm(session.shell, layout, [BROKER_PORT, CONTROLLER_PORT]).then(resolve, reject).finally(() => sub.dispose());
      }));
  }

  private setUp(session: VmSession, plan: VmSetupPlan, host: string): Thenable<VmSetupResult> {
    const timeoutMs = this.services.connections.timeoutMs();
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Setting up Kafka ${plan.kafkaVersion} on ${host}`, cancellable: true }, (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      return setUpKafka(session.shell, plan, {
        signal: abort.signal,
        secrets: this.sudo.forVm(session.shell.label),
        onProgress: (p) => {
          this.services.log.info(`[set up ${host}] ${p.step}: ${p.message}`);
          progress.report({ message: p.message, increment: p.increment });
        },
        probe: async () => { await probeKafka(session.tunnel, `localhost:${plan.brokerPort}`, timeoutMs); },
      }).finally(() => sub.dispose());
    });
  }

  /** A cluster with the same SSH target and bootstrap, reused rather than added twice. */
  private matchingCluster(ssh: ClusterConfig['ssh'], bootstrap: string): ClusterConfig | undefined {
    return this.services.clusters.list().find((c) => c.ssh && !sshTargetChanged(c.ssh, ssh) && c.bootstrapServers.includes(bootstrap));
  }

  private async saveCluster(a: Partial<SetUpAnswers>, plan: VmSetupPlan, result: VmSetupResult, host: string, sshSecrets: Record<string, string>): Promise<{ cluster: ClusterConfig; reused: boolean }> {
    const { clusters } = this.services;
    const vm = { kafkaDir: plan.layout.kafkaDir, dataDir: plan.layout.dataDir };
    const existing = this.matchingCluster(a.ssh, result.bootstrap);
    const unchanged = existing?.vm?.kafkaDir === vm.kafkaDir && existing.vm.dataDir === vm.dataDir;
    const cluster = existing
      ? (unchanged ? existing : await clusters.save({ ...existing, vm }))
      : await clusters.save({ name: a.clusterName?.trim() || host, bootstrapServers: [result.bootstrap], ssh: a.ssh, vm });
    if (Object.keys(sshSecrets).length) await clusters.storeSshSecrets(cluster.id, { ...await clusters.sshSecretsFor(cluster.id), ...sshSecrets });
    this.services.log.info(`[${cluster.name}] ${existing ? 'reused' : 'added'} for Kafka set up on ${host}: ${JSON.stringify(result.steps)}`);
    this.explorer.refresh(cluster.id);
    return { cluster, reused: !!existing };
  }

  private announce(cluster: ClusterConfig, reused: boolean, r: VmSetupResult, label: string, plan: VmSetupPlan): void {
    const which = reused ? `It is cluster "${cluster.name}", which was there already.` : `Cluster "${cluster.name}" added (${r.bootstrap} through SSH).`;
    void vscode.window.showInformationMessage(r.changed
      ? `Kafka ${plan.kafkaVersion} is set up on ${label} and answers at ${r.bootstrap} (${r.manager === 'systemd-user' ? 'a systemd user unit' : 'a background process'}). ${which}`
      : `Kafka on ${label} was already set up (${plan.layout.kafkaDir}, broker running): nothing changed. ${which}`);
  }

  private showFailure(e: VmError, answers: Partial<SetUpAnswers>): void {
    const parts = [`${TITLE}${e.step ? ` (${e.step})` : ''}: ${e.message}`];
    if (e.leftOnVm) parts.push(`Left on the VM: ${e.leftOnVm}`);
    if (e.retry) parts.push(`To retry: ${e.retry}`);
    const retry = 'Retry';
    const show = e.kind === 'cancelled' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(parts.join(' '), retry).then((a) => {
      if (a === retry) {
        void this.run(answers, true).catch((x: unknown) => {
          if (x instanceof vscode.CancellationError) return;
          const message = commandErrorMessage(TITLE, x);
          this.services.log.error(`kafkaDev.setUpKafkaOnVm (retry): ${message}`);
          void vscode.window.showErrorMessage(message);
        });
      }
    });
  }
}
