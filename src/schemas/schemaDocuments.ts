// A schema version as a read-only document (kafka-dev-schema:/<subject> v<N>.avsc?…): Avro and JSON Schema
// pretty-printed as JSON, Protobuf as its .proto text, with the language that colours it (proto when an
// extension provides it, else plain text). The text is fetched by the command that opens it, so a failure
// is that command's message; the provider serves what was fetched and fetches again after a reload.
import * as vscode from 'vscode';
import type { RegisteredSchema, RegistryClient, SchemaType } from '../kafka/registry/types';
import { schemaDocumentText, schemaFileSuffix } from '../kafka/rules/schemaRows';

export const SCHEMA_SCHEME = 'kafka-dev-schema';

export interface SchemaDocRef {
  clusterId: string;
  subject: string;
  version: number;
  schemaType: SchemaType;
}

/** The document's URI: its path is the tab title, the query says what it shows. */
export function schemaUri(r: SchemaDocRef): vscode.Uri {
  const title = `${r.subject.replace(/[/\\]/g, '_')} v${r.version}${schemaFileSuffix(r.schemaType)}`;
  const q = new URLSearchParams({ cluster: r.clusterId, subject: r.subject, version: String(r.version), type: r.schemaType });
  return vscode.Uri.from({ scheme: SCHEMA_SCHEME, path: `/${title}`, query: q.toString() });
}

/** What a schema document shows, from its URI; undefined for a URI this extension did not make. */
export function schemaRefOf(uri: vscode.Uri): SchemaDocRef | undefined {
  if (uri.scheme !== SCHEMA_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const version = Number(q.get('version'));
  const type = q.get('type');
  const clusterId = q.get('cluster');
  const subject = q.get('subject');
  if (!clusterId || subject === null || !Number.isInteger(version) || (type !== 'AVRO' && type !== 'PROTOBUF' && type !== 'JSON')) return undefined;
  return { clusterId, subject, version, schemaType: type };
}

/** The editor language for a schema type; Protobuf only when an installed extension knows .proto. */
export async function schemaLanguage(type: SchemaType): Promise<string> {
  if (type !== 'PROTOBUF') return 'json';
  const langs = await vscode.languages.getLanguages();
  return ['proto3', 'proto', 'protobuf'].find((l) => langs.includes(l)) ?? 'plaintext';
}

export class SchemaDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly registryOf: (clusterId: string) => Promise<RegistryClient>) {}

  static register(context: vscode.ExtensionContext, registryOf: (clusterId: string) => Promise<RegistryClient>): SchemaDocuments {
    const p = new SchemaDocuments(registryOf);
    context.subscriptions.push(p, vscode.workspace.registerTextDocumentContentProvider(SCHEMA_SCHEME, p));
    return p;
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const known = this.texts.get(uri.toString());
    if (known !== undefined) return known;
    const r = schemaRefOf(uri);
    if (!r) return `${uri.toString()} is not a schema this extension opened.\n`;
    try {
      const s = await (await this.registryOf(r.clusterId)).schemaByVersion(r.subject, r.version);
      return this.remember(uri, s);
    } catch (e) {
      // Shown in the document itself: VS Code gives a provider's exception no words of its own.
      return `Could not read ${r.subject} version ${r.version}: ${e instanceof Error ? e.message : String(e)}\n`;
    }
  }

  /** Fetches the version (the command's error when it fails), then opens it read-only in its language. */
  async open(r: SchemaDocRef, preview = true): Promise<vscode.TextDocument> {
    const s = await (await this.registryOf(r.clusterId)).schemaByVersion(r.subject, r.version);
    const uri = schemaUri({ ...r, schemaType: s.schemaType });
    this.remember(uri, s);
    this.changed.fire(uri);
    let doc = await vscode.workspace.openTextDocument(uri);
    const lang = await schemaLanguage(s.schemaType);
    if (doc.languageId !== lang) doc = await vscode.languages.setTextDocumentLanguage(doc, lang);
    await vscode.window.showTextDocument(doc, { preview });
    return doc;
  }

  private remember(uri: vscode.Uri, s: RegisteredSchema): string {
    const text = schemaDocumentText(s.schemaType, s.schema);
    this.texts.set(uri.toString(), text);
    return text;
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
