// Register Schema and Set Compatibility. Register takes the active editor's text (or a request's), knows
// its type from the document (a schema document, the file name, the language, the content) or asks, checks
// compatibility with the subject's latest version first and shows the registry's reasons when it is
// refused, so nothing half-done is left; Set Compatibility shows the levels with the current one marked.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClusterConfig } from '../kafka/rules/clusterConfig';
import { COMPATIBILITIES, Compatibility, RegistryClient, RegistryError, SchemaType } from '../kafka/registry/types';
import { subjectNameError } from '../kafka/rules/registryEntry';
import { guessSchemaType, TYPE_NAMES } from '../kafka/rules/schemaRows';
import { schemaRefOf } from './schemaDocuments';
import { pickSubject } from './pickSchema';

/** What tests and scripts pass to kafkaDev.registerSchema instead of the editor and the prompts. */
export interface RegisterRequest { clusterId: string; subject: string; schema?: string; schemaType?: SchemaType }
export interface RegisterResult { subject: string; id: number; version?: number }

/** Refused as incompatible: the registry's reasons, one per line. */
export class IncompatibleSchemaError extends Error {
  constructor(readonly subject: string, readonly level: string, readonly reasons: string[]) {
    super(`${subject}: the schema is not ${level} compatible with the latest version, so it was not registered.` +
      (reasons.length ? ` The registry says: ${reasons.join(' · ')}` : ''));
    this.name = 'IncompatibleSchemaError';
  }
}

const TYPE_HELP: Record<SchemaType, string> = {
  AVRO: '.avsc: a record, enum or fixed in Avro\'s JSON', PROTOBUF: '.proto: proto3 (or proto2) messages', JSON: 'a JSON Schema (draft 7, 2019-09, 2020-12)',
};

/** The schema text and its type: from the request, else the active editor (asking for the type when it cannot tell). */
async function schemaSource(req: Partial<RegisterRequest> | undefined): Promise<{ text: string; type: SchemaType; suggest?: string } | undefined> {
  if (req?.schema !== undefined) {
    if (!req.schema.trim()) throw new Error('Register Schema: the schema text is empty.');
    const type = req.schemaType ?? guessSchemaType(req.schema, '', '');
    if (!type) throw new Error('Register Schema: cannot tell whether the text is Avro, Protobuf or JSON Schema: pass "schemaType" ("AVRO", "PROTOBUF" or "JSON").');
    return { text: req.schema, type };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor) throw new Error('Open the schema (an .avsc, .proto or JSON Schema file) in an editor first: Register Schema registers the active editor\'s text.');
  const doc = editor.document;
  const text = doc.getText();
  if (!text.trim()) throw new Error(`${path.basename(doc.fileName)} is empty: there is no schema to register.`);
  const fromDoc = schemaRefOf(doc.uri);
  let type = req?.schemaType ?? fromDoc?.schemaType ?? guessSchemaType(text, doc.languageId, doc.fileName);
  if (!type) {
    const picked = await vscode.window.showQuickPick((Object.keys(TYPE_NAMES) as SchemaType[]).map((t) => ({ label: TYPE_NAMES[t], description: TYPE_HELP[t], type: t })),
      { title: `Register Schema: what kind of schema is ${path.basename(doc.fileName)}?`, placeHolder: 'Its type could not be told from the file name or content', ignoreFocusOut: true });
    if (!picked) return undefined;
    type = picked.type;
  }
  // orders-value.avsc suggests the subject orders-value; a schema document suggests its own subject.
  const base = path.basename(doc.fileName).replace(/\.(avsc|proto|json)$/i, '');
  return { text, type, suggest: fromDoc?.subject ?? (doc.isUntitled || subjectNameError(base) ? undefined : base) };
}

/** Register Schema: undefined when cancelled; throws IncompatibleSchemaError or RegistryError when refused. */
export async function registerSchema(registry: RegistryClient, cluster: ClusterConfig, req: Partial<RegisterRequest> | undefined, subjectFromRow?: string): Promise<RegisterResult | undefined> {
  const source = await schemaSource(req);
  if (!source) return undefined;
  const subject = req?.subject ?? subjectFromRow ?? await pickSubject(registry, cluster, `Register ${TYPE_NAMES[source.type]} schema`, { allowNew: true, suggest: source.suggest });
  if (subject === undefined) return undefined;
  const nameErr = subjectNameError(subject);
  if (nameErr) throw new Error(nameErr);
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Registering the schema under ${subject} on ${registry.url}…` }, async () => {
    // Checked first so that a refusal comes with the registry's reasons (a plain register says only 409).
    let check: { compatible: boolean; messages: string[] } | undefined;
    try {
      check = await registry.checkCompatibility(subject, source.text, source.type);
    } catch (e) {
      // A new subject has nothing to be compatible with.
      if (!(e instanceof RegistryError && (e.kind === 'subject-not-found' || e.kind === 'version-not-found'))) throw e;
    }
    if (check && !check.compatible) {
      const level = await registry.compatibility(subject).then((c) => c.level, () => 'the subject\'s');
      throw new IncompatibleSchemaError(subject, level, check.messages);
    }
    const { id, version } = await registry.register(subject, source.text, source.type);
    // Confluent's API answers with the id only; the version is the latest one when it carries that id.
    const v = version ?? await registry.schemaByVersion(subject, 'latest').then((s) => (s.id === id ? s.version : undefined), () => undefined);
    return { subject, id, version: v };
  });
}

/** The levels with the current one marked; undefined when cancelled. */
export async function pickCompatibility(registry: RegistryClient, subject: string | undefined): Promise<Compatibility | undefined> {
  const current = await registry.compatibility(subject);
  const what = subject ? `subject ${subject}` : `the registry (global default)`;
  const picked = await vscode.window.showQuickPick(COMPATIBILITIES.map((level) => ({
    label: `${level === current.level ? '$(check)' : '$(blank)'} ${level}`,
    description: level === current.level ? (current.inherited ? 'current (the global default)' : 'current') : undefined,
    detail: LEVEL_HELP[level],
    level,
  })), { title: `Set Compatibility of ${what}`, placeHolder: `Current: ${current.level}${current.inherited ? ', inherited from the global default' : ''}`, ignoreFocusOut: true, matchOnDetail: true });
  return picked?.level;
}

const LEVEL_HELP: Record<Compatibility, string> = {
  NONE: 'any change is accepted',
  BACKWARD: 'consumers on the new schema read data written with the previous one (the usual default)',
  BACKWARD_TRANSITIVE: 'consumers on the new schema read data written with every earlier one',
  FORWARD: 'consumers on the previous schema read data written with the new one',
  FORWARD_TRANSITIVE: 'consumers on every earlier schema read data written with the new one',
  FULL: 'both BACKWARD and FORWARD against the previous schema',
  FULL_TRANSITIVE: 'both BACKWARD and FORWARD against every earlier schema',
};

/** "orders-value" or the global default, for Set Compatibility from the palette or the Schemas row. */
export async function pickCompatibilityTarget(registry: RegistryClient, cluster: ClusterConfig): Promise<{ subject?: string } | undefined> {
  const qp = await vscode.window.showQuickPick([
    { label: '$(globe) Global default', description: 'every subject without a level of its own', subject: undefined as string | undefined },
    ...(await registry.subjects()).map((s) => ({ label: s.subject, description: s.schemaType, subject: s.subject as string | undefined })),
  ], { title: `Set Compatibility on ${cluster.name}'s registry`, placeHolder: 'The global default or one subject', ignoreFocusOut: true });
  return qp && { subject: qp.subject };
}
