// The producer panel's schemas: the SchemaEncoder for each schema the form names (cached, so checking as
// you type and sending use the same one), the check of the typed key/value against it (errors at the JSON
// field, sent to the webview), the Example button and the registry's subjects for the pickers.
import { defaultEncoders, EncoderResolver } from '../kafka/produce/encodeMessages';
import { fakerResolver } from '../kafka/produce/fakerResolver';
import type { RegistryClient } from '../kafka/registry/types';
import { isSchemaFormat, SchemaEncoding, schemaEncoding } from '../kafka/rules/produceEncoding';
import type { ProduceDraft } from '../kafka/rules/produceValidation';
import { schemaLabelText } from '../kafka/rules/schemaLabel';
import { parseTemplate, renderTemplate } from '../kafka/rules/template';
import type { SchemaEncoder } from '../kafka/serde/types';
import type { SchemaCheck, SchemaPart, ToWebview } from './protocol';

export interface SchemaAssistHost {
  /** The cluster's registry client (undefined when the cluster has none); connects the cluster if needed. */
  registry(): Promise<RegistryClient | undefined>;
  post(m: ToWebview): void;
  log(m: string): void;
}

/** A schema is read again after this long, so "latest" follows a newly registered version. */
const ENCODER_TTL_MS = 60_000;
/** A failure (registry down, unknown subject) is kept this long: typing does not retry at every key. */
const FAILURE_TTL_MS = 5_000;

const ucPart = (p: SchemaPart): 'Key' | 'Value' => (p === 'key' ? 'Key' : 'Value');
const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The schema the draft names for one side, or undefined when that side has no schema (or its ref is not valid yet). */
function encodingOf(d: ProduceDraft, part: SchemaPart): SchemaEncoding | undefined {
  const format = part === 'key' ? d.keyFormat : d.valueFormat;
  if (!isSchemaFormat(format)) return undefined;
  const e = schemaEncoding(format, part === 'key' ? d.keySchema : d.valueSchema, ucPart(part));
  return 'error' in e ? undefined : e;
}

export class SchemaAssist {
  private readonly encoders = new Map<string, { at: number; ok: boolean; encoder: Promise<SchemaEncoder> }>();
  /** Only the newest check is posted: an older one finishing late would show errors for text already changed. */
  private checkSeq = 0;
  private disposed = false;

  constructor(private readonly host: SchemaAssistHost) {}

  /** For ClusterProducer.produce: the same cached encoders the checks use. */
  readonly resolve: EncoderResolver = (e) => this.encoder(e);

  private encoder(e: SchemaEncoding): Promise<SchemaEncoder> {
    const key = JSON.stringify(e);
    const now = Date.now();
    const hit = this.encoders.get(key);
    if (hit && now - hit.at < (hit.ok ? ENCODER_TTL_MS : FAILURE_TTL_MS)) return hit.encoder;
    const entry = {
      at: now, ok: true,
      encoder: (async () => defaultEncoders(await this.host.registry())(e))(),
    };
    entry.encoder.catch(() => { entry.ok = false; });
    this.encoders.set(key, entry);
    return entry.encoder;
  }

  /** Checks the draft's key and value against their schemas and posts the verdicts (nothing when neither has one). */
  async check(d: ProduceDraft): Promise<void> {
    const seq = ++this.checkSeq;
    const checks: SchemaCheck[] = [];
    for (const part of ['key', 'value'] as const) {
      const enc = encodingOf(d, part);
      if (enc) checks.push(await this.checkOne(part, part === 'key' ? d.key : d.value, enc));
    }
    if (seq === this.checkSeq && !this.disposed) this.host.post({ type: 'schemaCheck', checks });
  }

  private async checkOne(part: SchemaPart, text: string, enc: SchemaEncoding): Promise<SchemaCheck> {
    let encoder: SchemaEncoder;
    try {
      encoder = await this.encoder(enc);
    } catch (e) {
      return { part, text, fieldErrors: [], problem: `${ucPart(part)} schema: ${errorText(e)}` };
    }
    const label = schemaLabelText(encoder.label);
    const t = parseTemplate(text);
    // A template error is the form's own (shown by the pure check): the schema has nothing to add yet.
    if ('error' in t) return { part, text, label, fieldErrors: [] };
    let sample: string;
    try {
      // Placeholders filled in as for the first message; each message is checked again when sent.
      sample = renderTemplate(t, { seq: 1, faker: t.faker ? fakerResolver() : undefined, json: true });
    } catch (e) {
      return { part, text, label, fieldErrors: [], problem: `${ucPart(part)}: ${errorText(e)}` };
    }
    return { part, text, label, fieldErrors: encoder.validate(sample).map((f) => ({ path: f.path, message: f.message })) };
  }

  /** Posts an example for the key or value, generated from the draft's schema for it. */
  async example(part: SchemaPart, d: ProduceDraft): Promise<void> {
    const enc = encodingOf(d, part);
    if (!enc) {
      this.host.post({ type: 'example', part, error: `Choose a schema for the ${part} first (a subject of the registry or a schema file): the example is generated from it.` });
      return;
    }
    try {
      const encoder = await this.encoder(enc);
      this.host.post({ type: 'example', part, text: encoder.example() });
    } catch (e) {
      this.host.post({ type: 'example', part, error: `${ucPart(part)} schema: ${errorText(e)}` });
    }
  }

  /** Posts the registry's subjects (or why they could not be listed). */
  async subjects(): Promise<void> {
    try {
      const registry = await this.host.registry();
      if (!registry) {
        this.host.post({ type: 'subjects', subjects: null, error: 'This cluster has no Schema Registry: add one with Edit Cluster → Schema Registry, or use a local schema file.' });
        return;
      }
      const all = await registry.subjects();
      this.host.post({ type: 'subjects', subjects: all.map((s) => ({ subject: s.subject, schemaType: s.schemaType, latestVersion: s.latestVersion })) });
    } catch (e) {
      this.host.log(`producer panel: could not list the registry's subjects: ${errorText(e)}`);
      this.host.post({ type: 'subjects', subjects: null, error: `Could not list the registry's subjects: ${errorText(e)}` });
    }
  }

  dispose(): void {
    this.disposed = true;
    this.encoders.clear();
  }
}
