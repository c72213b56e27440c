// Schema Registry commands: Register Schema, Set Compatibility, Delete Version, Delete Subject (soft) and
// Delete Subject Permanently (a separate, explicit command, offered after a soft delete), Open Schema
// Version, Refresh Schemas. From a tree row they act on that row; from the palette they ask (only clusters
// with a registry); with a request object ({ clusterId, subject, … }) they ask nothing and return what they
// did, and `confirm: true` skips a modal (tests, scripts).
import * as vscode from 'vscode';
import { registerCommand } from '../commands/register';
import { confirmModal } from '../commands/previewDocuments';
import { isClusterRef, isRequest, isTreeNode, Targets } from '../commands/targets';
import { notifyCluster } from '../clusters/notify';
import type { ExplorerProvider } from '../explorer/explorerProvider';
import type { ClusterConfig } from '../kafka/rules/clusterConfig';
import { COMPATIBILITIES, Compatibility, RegistryClient, RegistryError } from '../kafka/registry/types';
import { subjectNameError } from '../kafka/rules/registryEntry';
import { Services } from '../services';
import { pickSubject, pickVersion } from './pickSchema';
import { IncompatibleSchemaError, pickCompatibility, pickCompatibilityTarget, RegisterRequest, RegisterResult, registerSchema } from './registerFlow';
import { SchemaDocuments } from './schemaDocuments';

/** Request forms (tests, scripts): every field a prompt would ask. */
interface SubjectRequest { clusterId: string; subject: string; confirm?: boolean }
interface VersionRequest extends SubjectRequest { version: number; permanent?: boolean }
interface CompatibilityRequest { clusterId: string; subject?: string; level: Compatibility }

export interface SchemasFeature { readonly documents: SchemaDocuments }

const str = (r: Record<string, unknown>, k: string): string | undefined => (typeof r[k] === 'string' ? r[k] as string : undefined);

export function registerSchemas(services: Services, explorer: ExplorerProvider): SchemasFeature {
  const targets = new Targets(services);
  const registryOf = async (cluster: Pick<ClusterConfig, 'id' | 'name'>): Promise<RegistryClient> => {
    const { registry } = await services.connections.get(cluster.id);
    if (!registry) throw new Error(`Cluster "${cluster.name}" has no Schema Registry: add its URL with Edit Cluster (step 6/6).`);
    return registry;
  };
  const documents = SchemaDocuments.register(services.context, (id) => registryOf(targets.clusterById(id)));
  const refresh = (clusterId: string): void => explorer.refresh(`${clusterId}/schemas`);

  /** The cluster a command acts on: the row's, the request's, or picked among those with a registry. */
  async function cluster(arg: unknown, title: string): Promise<ClusterConfig | undefined> {
    if (isTreeNode(arg) || isClusterRef(arg)) return targets.cluster(arg, title);
    const withRegistry = services.clusters.list().filter((c) => c.schemaRegistry);
    if (!withRegistry.length) {
      const edit = 'Edit Cluster';
      if (await vscode.window.showWarningMessage('No cluster has a Schema Registry yet: add its URL with Edit Cluster (step 6/6, Schema Registry).', edit) === edit) {
        await vscode.commands.executeCommand('kafkaDev.editCluster');
      }
      return undefined;
    }
    if (withRegistry.length === 1) return withRegistry[0];
    const picked = await vscode.window.showQuickPick(withRegistry.map((c) => ({ label: c.name, description: c.schemaRegistry?.url, cluster: c })),
      { title, placeHolder: 'Cluster (with a Schema Registry)', matchOnDescription: true });
    return picked?.cluster;
  }

  /** The subject of a subject or version row, of a request, or picked. */
  async function subject(arg: unknown, title: string): Promise<{ cluster: ClusterConfig; registry: RegistryClient; subject: string } | undefined> {
    const c = await cluster(arg, `${title}: cluster`);
    if (!c) return undefined;
    const registry = await registryOf(c);
    const fromArg = isTreeNode(arg) ? (arg.kind === 'subject' ? arg.subject.subject : arg.kind === 'schemaVersion' ? arg.subject : undefined)
      : isRequest(arg) ? str(arg, 'subject') : undefined;
    if (isRequest(arg) && fromArg === undefined) throw new Error(`${title} needs "subject": the subject's name.`);
    const s = fromArg ?? await pickSubject(registry, c, title);
    return s === undefined ? undefined : { cluster: c, registry, subject: s };
  }

  /** A subject and version from a version row, a request ({ version }), or picked. */
  async function version(arg: unknown, title: string): Promise<{ cluster: ClusterConfig; registry: RegistryClient; subject: string; version: number } | undefined> {
    const t = await subject(arg, title);
    if (!t) return undefined;
    if (isTreeNode(arg) && arg.kind === 'schemaVersion') return { ...t, version: arg.version };
    if (isRequest(arg)) {
      const v = arg.version;
      if (v === undefined || v === 'latest') return { ...t, version: (await t.registry.schemaByVersion(t.subject, 'latest')).version ?? 1 };
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new Error(`"version" must be a version number (1 or more) or "latest", got ${JSON.stringify(v)}.`);
      return { ...t, version: v };
    }
    const v = isTreeNode(arg) && arg.kind === 'subject' ? arg.subject.latestVersion : await pickVersion(t.registry, t.subject, title);
    return v === undefined ? undefined : { ...t, version: v };
  }

  registerCommand(services, 'kafkaDev.openSchemaVersion', 'Open Schema Version', async (arg?: unknown): Promise<string | undefined> => {
    const t = await version(arg, 'Open Schema Version');
    if (!t) return undefined;
    const doc = await documents.open({ clusterId: t.cluster.id, subject: t.subject, version: t.version, schemaType: 'AVRO' }, !isRequest(arg));
    return doc.uri.toString();
  });

  registerCommand(services, 'kafkaDev.refreshSchemas', 'Refresh Schemas', async (arg?: unknown): Promise<void> => {
    if (isTreeNode(arg) && arg.kind === 'subject') { explorer.refresh(arg); return; }
    const c = await cluster(arg, 'Refresh the schemas of which cluster?');
    if (c) refresh(c.id);
  });

  registerCommand(services, 'kafkaDev.registerSchema', 'Register Schema', async (arg?: unknown): Promise<RegisterResult | undefined> => {
    const c = await cluster(arg, 'Register the schema on which cluster\'s registry?');
    if (!c) return undefined;
    const registry = await registryOf(c);
    const fromRow = isTreeNode(arg) && arg.kind === 'subject' ? arg.subject.subject : undefined;
    const req = isRequest(arg) ? arg as Partial<RegisterRequest> : undefined;
    let r: RegisterResult | undefined;
    try {
      r = await registerSchema(registry, c, req, fromRow);
    } catch (e) {
      if (!(e instanceof IncompatibleSchemaError) || req) throw e;
      // The reasons are the point: a modal shows all of them, one per line.
      void vscode.window.showErrorMessage(`Not registered: the schema is not ${e.level} compatible with the latest version of ${e.subject}.`,
        { modal: true, detail: e.reasons.length ? `The registry at ${registry.url} says:\n${e.reasons.map((m) => `• ${m}`).join('\n')}` : `The registry at ${registry.url} gave no reasons.` });
      return undefined;
    }
    if (!r) return undefined;
    refresh(c.id);
    const what = `${r.subject}${r.version !== undefined ? ` version ${r.version}` : ''} (schema id ${r.id})`;
    services.log.info(`[${c.name}] registered ${what} on ${registry.url}`);
    if (!req) void vscode.window.showInformationMessage(`Registered ${what} on ${registry.url}.`);
    return r;
  });

  registerCommand(services, 'kafkaDev.setCompatibility', 'Set Compatibility', async (arg?: unknown): Promise<Compatibility | undefined> => {
    const c = await cluster(arg, 'Set the compatibility on which cluster\'s registry?');
    if (!c) return undefined;
    const registry = await registryOf(c);
    let subjectName: string | undefined;
    let level: Compatibility | undefined;
    if (isRequest(arg)) {
      const r = arg as Partial<CompatibilityRequest>;
      if (!r.level || !(COMPATIBILITIES as readonly string[]).includes(r.level)) throw new Error(`"level" must be one of ${COMPATIBILITIES.join(', ')}, got ${JSON.stringify(r.level)}.`);
      subjectName = r.subject;
      level = r.level;
    } else {
      const t = isTreeNode(arg) && arg.kind === 'subject' ? { subject: arg.subject.subject } : isTreeNode(arg) && arg.kind === 'schemas' ? { subject: undefined } : await pickCompatibilityTarget(registry, c);
      if (!t) return undefined;
      subjectName = t.subject;
      level = await pickCompatibility(registry, subjectName);
      if (!level) return undefined;
    }
    await registry.setCompatibility(level, subjectName);
    const what = subjectName ? `subject ${subjectName}` : 'the global default';
    services.log.info(`[${c.name}] compatibility of ${what} set to ${level} on ${registry.url}`);
    if (!isRequest(arg)) void vscode.window.showInformationMessage(`Compatibility of ${what} on ${registry.url} is now ${level}.`);
    return level;
  });

  registerCommand(services, 'kafkaDev.deleteSchemaVersion', 'Delete Schema Version', async (arg?: unknown): Promise<boolean> => {
    const t = await version(arg, 'Delete which schema version?');
    if (!t) return false;
    const permanent = isRequest(arg) && (arg as Partial<VersionRequest>).permanent === true;
    const where = `the Schema Registry at ${t.registry.url} (cluster "${t.cluster.name}")`;
    if (!(isRequest(arg) && arg.confirm === true)) {
      const ok = permanent
        ? await confirmModal(`Permanently delete version ${t.version} of subject "${t.subject}" from ${where}?`,
          'Its schema id will no longer decode the records that carry it. This cannot be undone.', 'Delete Permanently')
        : await confirmModal(`Delete version ${t.version} of subject "${t.subject}" from ${where}?`,
          'A soft delete: the version is no longer listed or used as the latest, but its schema id still decodes the records that carry it. It can then be deleted permanently.', 'Delete Version');
      if (!ok) return false;
    }
    await t.registry.deleteVersion(t.subject, t.version, permanent);
    refresh(t.cluster.id);
    services.log.info(`[${t.cluster.name}] ${permanent ? 'permanently deleted' : 'soft-deleted'} ${t.subject} version ${t.version} on ${t.registry.url}`);
    if (!isRequest(arg)) {
      const msg = `${permanent ? 'Permanently deleted' : 'Deleted'} version ${t.version} of ${t.subject} on ${t.registry.url}.`;
      if (permanent) void vscode.window.showInformationMessage(msg);
      else notifyCluster(services, 'info', t.cluster, `${msg} Its schema id still decodes existing records.`, {
        'Delete Permanently…': () => vscode.commands.executeCommand('kafkaDev.deleteSchemaVersion', { clusterId: t.cluster.id, subject: t.subject, version: t.version, permanent: true }),
      });
    }
    return true;
  });

  registerCommand(services, 'kafkaDev.deleteSubject', 'Delete Subject', async (arg?: unknown): Promise<number[] | undefined> => {
    const t = await subject(arg, 'Delete which subject?');
    if (!t) return undefined;
    if (!(isRequest(arg) && arg.confirm === true)) {
      if (!await confirmModal(`Delete subject "${t.subject}" from the Schema Registry at ${t.registry.url} (cluster "${t.cluster.name}")?`,
        'A soft delete: every version goes from the lists, but their schema ids still decode the records that carry them, and registering the subject again starts over. Delete Subject Permanently is a separate step, after this one.',
        'Delete Subject')) return undefined;
    }
    const versions = await t.registry.deleteSubject(t.subject, false);
    refresh(t.cluster.id);
    services.log.info(`[${t.cluster.name}] soft-deleted subject ${t.subject} (versions ${versions.join(', ')}) on ${t.registry.url}`);
    if (!isRequest(arg)) {
      notifyCluster(services, 'info', t.cluster, `Deleted subject ${t.subject} (version${versions.length === 1 ? '' : 's'} ${versions.join(', ')}) on ${t.registry.url}. Its schema ids still decode existing records.`, {
        'Delete Permanently…': () => vscode.commands.executeCommand('kafkaDev.deleteSubjectPermanently', { clusterId: t.cluster.id, subject: t.subject }),
      });
    }
    return versions;
  });

  registerCommand(services, 'kafkaDev.deleteSubjectPermanently', 'Delete Subject Permanently', async (arg?: unknown): Promise<number[] | undefined> => {
    const c = await cluster(arg, 'Permanently delete a subject on which cluster\'s registry?');
    if (!c) return undefined;
    const registry = await registryOf(c);
    // A soft-deleted subject is no longer listed: its name is typed (or comes with the request).
    const name = isRequest(arg) ? str(arg, 'subject') : await vscode.window.showInputBox({
      title: `Delete Subject Permanently on ${registry.url}`, ignoreFocusOut: true,
      prompt: 'The name of a subject deleted before (Delete Subject). Permanent delete only follows a soft delete.',
      validateInput: (v) => subjectNameError(v),
    });
    if (name === undefined) {
      if (isRequest(arg)) throw new Error('Delete Subject Permanently needs "subject": the name of a subject deleted before.');
      return undefined;
    }
    if (!(isRequest(arg) && arg.confirm === true)) {
      if (!await confirmModal(`Permanently delete subject "${name}" from the Schema Registry at ${registry.url} (cluster "${c.name}")?`,
        'Its versions and their schema ids are removed for good: records that carry those ids can no longer be decoded. This cannot be undone.',
        'Delete Permanently')) return undefined;
    }
    let versions: number[];
    try {
      versions = await registry.deleteSubject(name, true);
    } catch (e) {
      // Confluent's 40405: a subject must be soft-deleted first.
      if (e instanceof RegistryError && e.errorCode === 40405) throw new Error(`Subject "${name}" on ${registry.url} has not been deleted yet: run Delete Subject first; permanent delete only follows a soft delete.`);
      throw e;
    }
    refresh(c.id);
    services.log.info(`[${c.name}] permanently deleted subject ${name} (versions ${versions.join(', ')}) on ${registry.url}`);
    if (!isRequest(arg)) void vscode.window.showInformationMessage(`Permanently deleted subject ${name} (version${versions.length === 1 ? '' : 's'} ${versions.join(', ')}) on ${registry.url}.`);
    return versions;
  });

  return { documents };
}
