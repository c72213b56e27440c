// The Schema Registry client: the Confluent-compatible REST API only (Confluent, Apicurio's ccompat,
// Karapace), over our own HTTP transport (so it can run through the SSH tunnel), every answer checked
// for its shape and every failure a RegistryError whose message says what to do.
import type { ISocketFactory } from 'kafkajs';
import { createHttpTransport, type HttpAnswer } from './httpTransport';
import { httpError, RequestLabel, RequestSubjectOf, shapeError } from './registryErrors';
import { parseCompatibility, parseIdAnswer, parseNumberList, parseSchemaAnswer, parseStringList, parseSubjectVersions } from './registryAnswers';
import {
  COMPATIBILITIES, RegistryError,
  type Compatibility, type RegisteredSchema, type RegistryClient, type RegistrySecrets, type RegistrySettings,
  type SchemaReference, type SchemaType, type SubjectSummary,
} from './types';

export interface RegistryClientOptions {
  /** Bound of every request (connect, send, whole answer). */
  timeoutMs: number;
  /** The SSH tunnel's factory (src/kafka/ssh/socketFactory.ts): every connection becomes an SSH channel. */
  socketFactory?: ISocketFactory;
  log?: (m: string) => void;
}

/** How many subjects' latest versions are fetched at once when listing subjects. */
const SUBJECT_FANOUT = 8;

const enc = encodeURIComponent;

function authHeader(settings: RegistrySettings, secrets: RegistrySecrets): Record<string, string> {
  if (settings.auth?.kind === 'basic') {
    return { Authorization: `Basic ${Buffer.from(`${settings.auth.username}:${secrets.password ?? ''}`, 'utf8').toString('base64')}` };
  }
  if (settings.auth?.kind === 'bearer') return { Authorization: `Bearer ${secrets.token ?? ''}` };
  return {};
}

function checkVersion(v: number | 'latest'): void {
  if (v !== 'latest' && !(Number.isInteger(v) && v >= 1)) {
    throw new RegistryError('version-not-found', `${String(v)} is not a schema version: a version is a whole number from 1, or "latest"`);
  }
}

function checkSubject(subject: string): void {
  if (typeof subject !== 'string' || subject.trim() === '') throw new RegistryError('subject-not-found', 'the subject name is empty: name the subject, e.g. orders-value');
}

/** The request body of register/compatibility: the API omits schemaType for Avro, its default. */
function schemaBody(schema: string, type: SchemaType, references?: SchemaReference[]): string {
  return JSON.stringify({
    schema,
    ...(type === 'AVRO' ? {} : { schemaType: type }),
    ...(references?.length ? { references } : {}),
  });
}

export function createRegistryClient(settings: RegistrySettings, secrets: RegistrySecrets, opts: RegistryClientOptions): RegistryClient {
  const url = settings.url;
  const authKind = settings.auth?.kind ?? 'none';
  const transport = createHttpTransport(settings, {
    timeoutMs: opts.timeoutMs,
    socketFactory: opts.socketFactory,
    log: opts.log,
    headers: {
      Accept: 'application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5',
      ...authHeader(settings, secrets),
    },
  });

  /** One request; a non-2xx answer becomes its RegistryError; returns the parsed JSON and how to say it was wrong. */
  async function call(method: string, path: string, about: RequestSubjectOf = {}, body?: string): Promise<{ json: unknown; bad: (expected: string) => RegistryError }> {
    const label: RequestLabel = { method, path, base: url };
    const a: HttpAnswer = await transport.request(method, path, body);
    if (a.status < 200 || a.status >= 300) throw httpError(a.status, a.body, a.contentType, label, about, authKind);
    const bad = (expected: string): RegistryError => shapeError(label, expected, a.contentType);
    try {
      return { json: JSON.parse(a.body) as unknown, bad };
    } catch {
      throw bad('JSON');
    }
  }

  async function schemaByVersion(subject: string, version: number | 'latest'): Promise<RegisteredSchema> {
    checkSubject(subject);
    checkVersion(version);
    const { json, bad } = await call('GET', `/subjects/${enc(subject)}/versions/${version}`, { subject, version });
    const s = parseSchemaAnswer(json);
    if (!s || s.version === undefined) throw bad('a schema version ({subject, version, id, schema})');
    return { ...s, subject };
  }

  const client: RegistryClient = {
    url,
    async check() {
      const { json, bad } = await call('GET', '/subjects');
      if (!parseStringList(json)) throw bad('a list of subjects');
    },
    async subjects() {
      const { json, bad } = await call('GET', '/subjects');
      const names = parseStringList(json);
      if (!names) throw bad('a list of subjects');
      const out: SubjectSummary[] = [];
      // A few at a time: one request per subject, bounded each, without flooding the registry.
      for (let i = 0; i < names.length; i += SUBJECT_FANOUT) {
        const batch = await Promise.all(names.slice(i, i + SUBJECT_FANOUT).map(async (subject) => {
          try {
            const s = await schemaByVersion(subject, 'latest');
            return { subject, schemaType: s.schemaType, latestVersion: s.version ?? 0, id: s.id };
          } catch (e) {
            // Deleted between the list and this read: leave it out rather than fail the whole list.
            if (e instanceof RegistryError && (e.kind === 'subject-not-found' || e.kind === 'version-not-found')) return undefined;
            throw e;
          }
        }));
        for (const s of batch) if (s) out.push(s);
      }
      return out.sort((a, b) => a.subject.localeCompare(b.subject));
    },
    async versions(subject) {
      checkSubject(subject);
      const { json, bad } = await call('GET', `/subjects/${enc(subject)}/versions`, { subject });
      const list = parseNumberList(json);
      if (!list) throw bad('a list of version numbers');
      return list;
    },
    schemaByVersion,
    async schemaById(id) {
      if (!Number.isInteger(id) || id < 0) throw new RegistryError('schema-not-found', `${String(id)} is not a schema id: ids are whole numbers`);
      const { json, bad } = await call('GET', `/schemas/ids/${id}`, { id });
      const s = parseSchemaAnswer(json, false);
      if (!s) throw bad('a schema ({schema, schemaType})');
      // Which subject and version hold it, when the registry can say (Confluent 5.5+, Apicurio, Karapace);
      // a registry without the endpoint still gives the schema.
      try {
        const v = await call('GET', `/schemas/ids/${id}/versions`, { id });
        const first = parseSubjectVersions(v.json)?.[0];
        if (first) return { ...s, id, subject: first.subject, version: first.version };
      } catch (e) {
        if (!(e instanceof RegistryError) || e.kind === 'unauthorized' || e.kind === 'timeout' || e.kind === 'unreachable') throw e;
      }
      return { ...s, id };
    },
    async checkCompatibility(subject, schema, type, references) {
      checkSubject(subject);
      try {
        const { json, bad } = await call('POST', `/compatibility/subjects/${enc(subject)}/versions/latest?verbose=true`, { subject }, schemaBody(schema, type, references));
        const o = json && typeof json === 'object' ? json as Record<string, unknown> : undefined;
        if (!o || typeof o.is_compatible !== 'boolean') throw bad('a compatibility answer ({is_compatible})');
        const messages = Array.isArray(o.messages) ? o.messages.map(String) : [];
        if (!o.is_compatible && messages.length === 0) {
          // Apicurio gives no reasons here (it does when registering); say so rather than show nothing.
          messages.push(`not compatible with the latest version of subject "${subject}" under its compatibility level (the registry at ${url} gave no details)`);
        }
        return { compatible: o.is_compatible, messages };
      } catch (e) {
        // A subject that does not exist yet accepts any first schema.
        if (e instanceof RegistryError && (e.kind === 'subject-not-found' || e.kind === 'version-not-found')) return { compatible: true, messages: [] };
        throw e;
      }
    },
    async register(subject, schema, type, references) {
      checkSubject(subject);
      const body = schemaBody(schema, type, references);
      const { json, bad } = await call('POST', `/subjects/${enc(subject)}/versions`, { subject }, body);
      const id = parseIdAnswer(json);
      if (id === undefined) throw bad('a schema id ({id})');
      // The answer has only the id (Confluent before 7.x, Apicurio); the lookup names the version.
      try {
        const found = await call('POST', `/subjects/${enc(subject)}`, { subject }, body);
        const s = parseSchemaAnswer(found.json);
        return { id, version: s?.id === id ? s.version : undefined };
      } catch {
        return { id };
      }
    },
    async compatibility(subject) {
      if (subject === undefined) {
        const { json, bad } = await call('GET', '/config');
        const level = parseCompatibility(json);
        if (!level) throw bad('a compatibility level ({compatibilityLevel})');
        return { level, inherited: false };
      }
      checkSubject(subject);
      const about = { subject };
      // The level in force (defaultToGlobal), and the subject's own: Confluent answers 40408 (or 40401)
      // when it has none; Apicurio answers NONE, which then differs from the level in force.
      const read = async (path: string): Promise<Compatibility | undefined> => {
        try {
          const { json, bad } = await call('GET', path, about);
          const level = parseCompatibility(json);
          if (!level) throw bad('a compatibility level ({compatibilityLevel})');
          return level;
        } catch (e) {
          if (e instanceof RegistryError && (e.errorCode === 40408 || e.errorCode === 40401)) return undefined;
          throw e;
        }
      };
      const effective = await read(`/config/${enc(subject)}?defaultToGlobal=true`);
      if (effective === undefined) return { level: (await client.compatibility()).level, inherited: true };
      const own = await read(`/config/${enc(subject)}`);
      return { level: effective, inherited: own === undefined || own !== effective };
    },
    async setCompatibility(level: Compatibility, subject?: string) {
      if (!(COMPATIBILITIES as readonly string[]).includes(level)) {
        throw new RegistryError('http', `${String(level)} is not a compatibility level: one of ${COMPATIBILITIES.join(', ')}`);
      }
      if (subject !== undefined) checkSubject(subject);
      await call('PUT', subject === undefined ? '/config' : `/config/${enc(subject)}`, { subject }, JSON.stringify({ compatibility: level }));
    },
    async deleteSubject(subject, permanent) {
      checkSubject(subject);
      const { json, bad } = await call('DELETE', `/subjects/${enc(subject)}${permanent ? '?permanent=true' : ''}`, { subject });
      const list = parseNumberList(json);
      if (!list) throw bad('the list of deleted versions');
      return list;
    },
    async deleteVersion(subject, version, permanent) {
      checkSubject(subject);
      checkVersion(version);
      await call('DELETE', `/subjects/${enc(subject)}/versions/${version}${permanent ? '?permanent=true' : ''}`, { subject, version });
    },
    close() {
      transport.close();
    },
  };
  return client;
}
