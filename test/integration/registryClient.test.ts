// The Schema Registry client against a real registry (Apicurio Registry 3.3.3's Confluent-compatible API,
// test/harness/apicurio.ts): every operation, and each kind of bad input with the message it must give.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRegistryClient, RegistryClientOptions } from '../../src/kafka/registry/restClient';
import { RegistryClient, RegistryError, RegistryErrorKind, RegistrySecrets, RegistrySettings } from '../../src/kafka/registry/types';
import { useApicurio } from '../harness/apicurio';
import { freePort } from '../harness/ports';
import { uniqueTopic } from '../harness/sharedBroker';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trackTempDir } from '../harness/process';
import { authProxy, htmlServer, selfSignedCert, silentPort } from '../harness/registryProxy';

const OPTS: RegistryClientOptions = { timeoutMs: 10_000 };

let url: string;
let registry: RegistryClient;
let release: () => Promise<void> = async () => undefined;
before(async () => {
  const r = await useApicurio();
  ({ url, release } = r);
  registry = createRegistryClient({ url }, {}, OPTS);
});
after(async () => {
  registry?.close();
  await release();
});

const avro = (fields: Array<{ name: string; type: unknown; default?: unknown }>): string =>
  JSON.stringify({ type: 'record', name: 'Order', namespace: 'shop', fields });
const V1 = avro([{ name: 'id', type: 'long' }]);
const V2 = avro([{ name: 'id', type: 'long' }, { name: 'note', type: 'string', default: '' }]);
const INCOMPATIBLE = avro([{ name: 'sku', type: 'string' }]);
const PROTO = 'syntax = "proto3";\npackage shop;\nmessage Order { int64 id = 1; string note = 2; }\n';
const JSON_SCHEMA = JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] });

/** Asserts `p` rejects with a RegistryError of `kind` whose message matches every pattern. */
async function rejects(p: Promise<unknown>, kind: RegistryErrorKind, ...patterns: RegExp[]): Promise<RegistryError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof RegistryError, `not a RegistryError: ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    for (const re of patterns) assert.match(e.message, re);
    return e;
  }
  assert.fail(`expected a ${kind} RegistryError`);
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('operations', () => {
  test('register, list, read by version and by id; subject names with "/" and ":" are encoded', async () => {
    await registry.check();
    const subject = `${uniqueTopic('team/orders')}:value`;
    // Schemas of its own: the registry gives equal texts one id, whichever subject holds them.
    const ns = `shop.t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    const V1 = avro([{ name: 'id', type: 'long' }]).replace('"shop"', `"${ns}"`);
    const V2 = avro([{ name: 'id', type: 'long' }, { name: 'note', type: 'string', default: '' }]).replace('"shop"', `"${ns}"`);
    const r1 = await registry.register(subject, V1, 'AVRO');
    assert.equal(r1.version, 1);
    const r2 = await registry.register(subject, V2, 'AVRO');
    assert.equal(r2.version, 2);
    assert.notEqual(r2.id, r1.id);
    // Registering the same schema again gives the same id and version (the registry deduplicates).
    assert.deepEqual(await registry.register(subject, V2, 'AVRO'), r2);

    const summary = (await registry.subjects()).find((s) => s.subject === subject);
    assert.deepEqual(summary, { subject, schemaType: 'AVRO', latestVersion: 2, id: r2.id });
    assert.deepEqual(await registry.versions(subject), [1, 2]);

    const latest = await registry.schemaByVersion(subject, 'latest');
    assert.deepEqual(JSON.parse(latest.schema), JSON.parse(V2));
    assert.deepEqual({ ...latest, schema: '' }, { id: r2.id, schemaType: 'AVRO', schema: '', references: [], subject, version: 2 });
    const first = await registry.schemaByVersion(subject, 1);
    assert.equal(first.id, r1.id);

    const byId = await registry.schemaById(r1.id);
    assert.deepEqual({ ...byId, schema: '' }, { id: r1.id, schemaType: 'AVRO', schema: '', references: [], subject, version: 1 });
    assert.deepEqual(JSON.parse(byId.schema), JSON.parse(V1));
  });

  test('Protobuf and JSON Schema keep their type; a Protobuf reference is returned', async () => {
    const proto = uniqueTopic('proto-value');
    const p = await registry.register(proto, PROTO, 'PROTOBUF');
    const byId = await registry.schemaById(p.id);
    assert.equal(byId.schemaType, 'PROTOBUF');
    assert.match(byId.schema, /message Order/);

    const json = uniqueTopic('json-value');
    const j = await registry.register(json, JSON_SCHEMA, 'JSON');
    assert.equal((await registry.schemaByVersion(json, 1)).schemaType, 'JSON');
    assert.equal((await registry.schemaById(j.id)).schemaType, 'JSON');

    const common = uniqueTopic('common');
    await registry.register(common, 'syntax = "proto3";\npackage common;\nmessage Money { int64 cents = 1; }\n', 'PROTOBUF');
    const withRef = uniqueTopic('priced-value');
    const refs = [{ name: 'common/money.proto', subject: common, version: 1 }];
    const r = await registry.register(withRef, 'syntax = "proto3";\npackage shop;\nimport "common/money.proto";\nmessage Priced { common.Money price = 1; }\n', 'PROTOBUF', refs);
    assert.deepEqual((await registry.schemaByVersion(withRef, 'latest')).references, refs);
    assert.deepEqual((await registry.schemaById(r.id)).references, refs);
  });

  test('compatibility: global, inherited, per subject; checks and the registry\'s reasons', async () => {
    const subject = uniqueTopic('compat-value');
    await registry.register(subject, V1, 'AVRO');
    // The harness set the global level explicitly (Apicurio's own default is NONE).
    assert.deepEqual(await registry.compatibility(), { level: 'BACKWARD', inherited: false });
    assert.deepEqual(await registry.compatibility(subject), { level: 'BACKWARD', inherited: true });

    assert.deepEqual(await registry.checkCompatibility(subject, V2, 'AVRO'), { compatible: true, messages: [] });
    const no = await registry.checkCompatibility(subject, INCOMPATIBLE, 'AVRO');
    assert.equal(no.compatible, false);
    assert.ok(no.messages.length > 0 && no.messages.every((m) => m.length > 0));
    // A subject that does not exist yet accepts any first schema.
    assert.deepEqual(await registry.checkCompatibility(uniqueTopic('fresh'), INCOMPATIBLE, 'AVRO'), { compatible: true, messages: [] });

    const e = await rejects(registry.register(subject, INCOMPATIBLE, 'AVRO'), 'incompatible',
      new RegExp(esc(url)), new RegExp(esc(subject)), /not compatible/, /Incompatible artifact/);
    assert.equal(e.status, 409);
    assert.doesNotMatch(e.message, /Exception/);

    await registry.setCompatibility('NONE', subject);
    assert.deepEqual(await registry.compatibility(subject), { level: 'NONE', inherited: false });
    assert.deepEqual(await registry.checkCompatibility(subject, INCOMPATIBLE, 'AVRO'), { compatible: true, messages: [] });
    assert.equal((await registry.register(subject, INCOMPATIBLE, 'AVRO')).version, 2);

    await registry.setCompatibility('FULL', subject);
    assert.deepEqual(await registry.compatibility(subject), { level: 'FULL', inherited: false });
    // The global level, set and put back (other files may share this registry).
    await registry.setCompatibility('FORWARD');
    try {
      assert.deepEqual(await registry.compatibility(), { level: 'FORWARD', inherited: false });
    } finally {
      await registry.setCompatibility('BACKWARD');
    }
  });

  test('delete: soft then permanent, versions and subjects', async () => {
    const subject = uniqueTopic('doomed-value');
    await registry.register(subject, V1, 'AVRO');
    await registry.register(subject, V2, 'AVRO');
    await rejects(registry.deleteSubject(subject, true), 'http', /soft/, new RegExp(esc(url)));

    await registry.deleteVersion(subject, 1, false);
    assert.deepEqual(await registry.versions(subject), [2]);
    await rejects(registry.deleteVersion(subject, 1, false), 'version-not-found', /already soft-deleted/);
    await registry.deleteVersion(subject, 1, true);

    assert.deepEqual(await registry.deleteSubject(subject, false), [2]);
    assert.ok(!(await registry.subjects()).some((s) => s.subject === subject));
    await rejects(registry.versions(subject), 'subject-not-found', new RegExp(esc(subject)));
    await registry.deleteSubject(subject, true);
    await rejects(registry.deleteSubject(subject, false), 'subject-not-found', new RegExp(esc(subject)));
  });
});

describe('bad input', () => {
  test('unknown subject, version and id say which and where', async () => {
    const subject = uniqueTopic('missing');
    await rejects(registry.versions(subject), 'subject-not-found', new RegExp(`subject "${esc(subject)}" is not in the registry at ${esc(url)}`));
    await rejects(registry.schemaByVersion(subject, 'latest'), 'subject-not-found', new RegExp(esc(subject)));
    const present = uniqueTopic('present');
    await registry.register(present, V1, 'AVRO');
    await rejects(registry.schemaByVersion(present, 7), 'version-not-found', new RegExp(`subject "${esc(present)}" has no version 7 in the registry at ${esc(url)}`));
    await rejects(registry.schemaById(987654), 'schema-not-found', new RegExp(`schema id 987654 is not in the registry at ${esc(url)}`));
    await rejects(registry.schemaByVersion(present, 0), 'version-not-found', /whole number from 1/);
    await rejects(registry.versions(''), 'subject-not-found', /empty/);
  });

  test('an invalid schema gets the registry\'s 422 reason', async () => {
    const e = await rejects(registry.register(uniqueTopic('broken'), '{"type": "recurd"', 'AVRO'), 'invalid-schema', /invalid/, new RegExp(esc(url)));
    assert.equal(e.status, 422);
  });

  test('a closed port: unreachable, naming the URL', async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const c = createRegistryClient({ url: closed }, {}, OPTS);
    await rejects(c.check(), 'unreachable', new RegExp(esc(closed)), /connection refused/);
    c.close();
  });

  test('a port that accepts and stays silent: a timeout naming the bound', async () => {
    const silent = await silentPort();
    const c = createRegistryClient({ url: silent.url }, {}, { timeoutMs: 400 });
    try {
      await rejects(c.subjects(), 'timeout', /within 400 ms/, new RegExp(esc(silent.url)), /GET \/subjects/);
    } finally {
      c.close();
      await silent.close();
    }
  });

  test('a web page instead of the registry: not-registry, pointing at the ccompat path', async () => {
    const web = await htmlServer();
    try {
      for (const base of [web.url, `${web.url}/apis/registry/v3`]) {
        const c = createRegistryClient({ url: base }, {}, OPTS);
        await rejects(c.check(), 'not-registry', /text\/html/, /apis\/ccompat\/v7/);
        c.close();
      }
    } finally {
      await web.close();
    }
  });

  test('basic auth: 401 says to check user and password; the right password works; keep-alive reuses one connection', async () => {
    const proxy = await authProxy(url, `Basic ${Buffer.from('reg-user:reg-secret').toString('base64')}`);
    const settings: RegistrySettings = { url: proxy.url, auth: { kind: 'basic', username: 'reg-user' } };
    const make = (secrets: RegistrySecrets): RegistryClient => createRegistryClient(settings, secrets, OPTS);
    try {
      const wrong = make({ password: 'nope' });
      const e = await rejects(wrong.check(), 'unauthorized', /401/, /check the user name and password/, new RegExp(esc(proxy.url)));
      assert.equal(e.status, 401);
      wrong.close();
      const none = createRegistryClient({ url: proxy.url }, {}, OPTS);
      await rejects(none.check(), 'unauthorized', /needs credentials/);
      none.close();

      const right = make({ password: 'reg-secret' });
      const before = proxy.connections();
      await right.check();
      const subject = uniqueTopic('authed-value');
      await right.register(subject, V1, 'AVRO');
      assert.deepEqual(await right.versions(subject), [1]);
      assert.equal(proxy.connections() - before, 1, 'every request on one kept-alive connection');
      assert.match(String(proxy.seen[0].accept), /application\/vnd\.schemaregistry\.v1\+json/);
      right.close();
    } finally {
      await proxy.close();
    }
  });

  test('bearer token: 401 says to check the token; the right token works', async () => {
    const proxy = await authProxy(url, 'Bearer tok-123');
    const settings: RegistrySettings = { url: proxy.url, auth: { kind: 'bearer' } };
    try {
      const wrong = createRegistryClient(settings, { token: 'tok-999' }, OPTS);
      await rejects(wrong.check(), 'unauthorized', /check the bearer token/);
      wrong.close();
      const right = createRegistryClient(settings, { token: 'tok-123' }, OPTS);
      await right.check();
      right.close();
    } finally {
      await proxy.close();
    }
  });

  test('a closed client refuses further requests', async () => {
    const c = createRegistryClient({ url }, {}, OPTS);
    await c.check();
    c.close();
    await rejects(c.check(), 'unreachable', /closed/);
  });

  test('HTTPS: the CA file is trusted, an unknown certificate is refused with what to set, skip-verify accepts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kd-reg-tls-'));
    trackTempDir(dir);
    const cert = await selfSignedCert(dir);
    const proxy = await authProxy(url, undefined, cert);
    try {
      const trusted = createRegistryClient({ url: proxy.url, caFile: cert.caFile }, {}, OPTS);
      await trusted.check();
      assert.equal((await trusted.register(uniqueTopic('tls-value'), V1, 'AVRO')).version, 1);
      trusted.close();

      const unknown = createRegistryClient({ url: proxy.url }, {}, OPTS);
      await rejects(unknown.check(), 'tls', /set the CA file/, new RegExp(esc(proxy.url)));
      unknown.close();

      const skipping = createRegistryClient({ url: proxy.url, skipVerify: true }, {}, OPTS);
      await skipping.check();
      skipping.close();

      const missing = createRegistryClient({ url: proxy.url, caFile: join(dir, 'no-such.pem') }, {}, OPTS);
      await rejects(missing.check(), 'tls', /CA file .*no-such\.pem could not be read \(ENOENT\)/);
      missing.close();
    } finally {
      await proxy.close();
    }
    // https:// to the plain-HTTP registry says so.
    const wrongScheme = createRegistryClient({ url: url.replace(/^http:/, 'https:') }, {}, OPTS);
    await rejects(wrongScheme.check(), 'tls', /answers plain HTTP, not HTTPS: write the URL with http:\/\//);
    wrongScheme.close();
  });
});
