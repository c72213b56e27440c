// The quick picks of the schema commands run from the palette: a subject of the cluster's registry (or a
// new name typed, checked as typed, for Register Schema), and a version of a subject (latest first).
import * as vscode from 'vscode';
import type { ClusterConfig } from '../kafka/rules/clusterConfig';
import type { RegistryClient, SubjectSummary } from '../kafka/registry/types';
import { subjectNameError } from '../kafka/rules/registryEntry';
import { subjectRow } from '../kafka/rules/schemaRows';

type SubjectItem = vscode.QuickPickItem & { subject?: string };

/**
 * Asks for a subject. The list loads while the pick is open (busy); with `allowNew` a typed name that is not
 * listed becomes a "New subject" item, and a name with a problem says what is wrong instead. Undefined when
 * cancelled or the subjects could not be listed (the reason is shown).
 */
export async function pickSubject(registry: RegistryClient, cluster: ClusterConfig, title: string, opts: { allowNew?: boolean; suggest?: string } = {}): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<SubjectItem>();
  qp.title = `${title}: subject on ${cluster.name}'s registry`;
  qp.placeholder = 'Loading subjects…';
  qp.busy = true;
  qp.ignoreFocusOut = true;
  if (opts.suggest) qp.value = opts.suggest;
  let listed: SubjectItem[] = [];
  const refreshItems = (): void => {
    const typed = qp.value;
    if (!opts.allowNew || !typed || listed.some((i) => i.subject === typed)) { qp.items = listed; return; }
    const err = subjectNameError(typed);
    qp.items = [
      err ? { label: `$(error) ${err}`, alwaysShow: true } : { label: `$(add) New subject "${typed}"`, description: 'registered as version 1', subject: typed, alwaysShow: true },
      ...listed,
    ];
  };
  qp.onDidChangeValue(refreshItems);
  qp.show();
  const result = new Promise<string | undefined>((resolve) => {
    qp.onDidAccept(() => {
      const picked = qp.selectedItems[0];
      if (!picked?.subject) return; // the error row: keep the pick open until the name is fixed
      resolve(picked.subject);
      qp.hide();
    });
    qp.onDidHide(() => { resolve(undefined); qp.dispose(); });
  });
  try {
    const subjects: SubjectSummary[] = await registry.subjects();
    listed = [...subjects].sort((a, b) => a.subject.localeCompare(b.subject)).map((s) => ({ label: s.subject, description: subjectRow(s).description, subject: s.subject }));
    qp.placeholder = subjects.length
      ? (opts.allowNew ? 'A subject, or type a new name (e.g. orders-value)' : 'Subject')
      : (opts.allowNew ? `No subjects yet on ${registry.url}: type a name, e.g. orders-value` : `No subjects on ${registry.url}`);
    refreshItems();
  } catch (e) {
    qp.hide();
    void vscode.window.showErrorMessage(`Could not list the subjects of ${cluster.name}'s registry: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    qp.busy = false;
  }
  return result;
}

/** Asks for a version of `subject` (latest first, with its id); undefined when cancelled or failed (shown). */
export async function pickVersion(registry: RegistryClient, subject: string, title: string): Promise<number | undefined> {
  let versions: number[];
  try {
    versions = [...await registry.versions(subject)].sort((a, b) => b - a);
  } catch (e) {
    void vscode.window.showErrorMessage(`Could not list the versions of ${subject}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  if (versions.length === 1) return versions[0];
  const picked = await vscode.window.showQuickPick(versions.map((v, i) => ({ label: `v${v}`, description: i === 0 ? 'latest' : undefined, version: v })),
    { title: `${title}: version of ${subject}`, placeHolder: 'Version', ignoreFocusOut: true });
  return picked?.version;
}
