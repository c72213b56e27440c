// The mapping of a registry's answers to RegistryErrors, with the bodies Confluent Schema Registry sends
// (the integration test covers Apicurio's; Confluent's registry is not on Maven Central to run here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { httpError, registryWords, transportError } from '../../src/kafka/registry/registryErrors';
import { parseCompatibility, parseSchemaAnswer } from '../../src/kafka/registry/registryAnswers';

const req = { method: 'GET', path: '/subjects/orders-value/versions/3', base: 'http://localhost:8081' };
const json = 'application/vnd.schemaregistry.v1+json';
const body = (code: number, message: string): string => JSON.stringify({ error_code: code, message });

test('Confluent error codes become kinds whose messages name what is missing and where', () => {
  const about = { subject: 'orders-value', version: 3 };
  const e1 = httpError(404, body(40401, 'Subject \'orders-value\' not found.'), json, req, about, 'none');
  assert.equal(e1.kind, 'subject-not-found');
  assert.equal(e1.message, 'subject "orders-value" is not in the registry at http://localhost:8081');
  assert.equal(httpError(404, body(40402, 'Version 3 not found.'), json, req, about, 'none').message,
    'subject "orders-value" has no version 3 in the registry at http://localhost:8081');
  assert.equal(httpError(404, body(40403, 'Schema 42 not found'), json, req, { id: 42 }, 'none').message,
    'schema id 42 is not in the registry at http://localhost:8081');
  const e409 = httpError(409, body(409, 'Schema being registered is incompatible with an earlier schema for subject "orders-value", details: [{errorType:\'READER_FIELD_MISSING_DEFAULT_VALUE\'}]'), json, req, about, 'none');
  assert.equal(e409.kind, 'incompatible');
  assert.match(e409.message, /READER_FIELD_MISSING_DEFAULT_VALUE/);
  const e422 = httpError(422, body(42201, 'Invalid schema'), json, req, about, 'none');
  assert.equal(e422.kind, 'invalid-schema');
  assert.equal(e422.errorCode, 42201);
  assert.match(httpError(409, body(40405, 'Subject must be soft deleted first'), json, req, { subject: 'orders-value' }, 'none').message, /delete subject "orders-value" \(soft\) first/);
});

test('401 says which credentials to check; HTML and unknown paths say it is not the registry API', () => {
  assert.match(httpError(401, '', 'text/plain', req, {}, 'basic').message, /check the user name and password/);
  assert.match(httpError(401, '', 'text/plain', req, {}, 'bearer').message, /check the bearer token/);
  assert.match(httpError(401, '', 'text/plain', req, {}, 'none').message, /needs credentials/);
  const html = httpError(404, '<html></html>', 'text/html', req, {}, 'none');
  assert.equal(html.kind, 'not-registry');
  assert.match(html.message, /text\/html, not a Schema Registry's JSON.*apis\/ccompat\/v7/);
  assert.match(httpError(500, body(50001, 'Error in the backend data store'), json, req, {}, 'none').message, /answered 500 .*: Error in the backend data store/);
});

test('socket failures: refused, DNS, TLS, plain HTTP on an https URL, and the SSH tunnel\'s own words', () => {
  assert.equal(transportError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), req).kind, 'unreachable');
  assert.match(transportError(Object.assign(new Error('x'), { code: 'ENOTFOUND' }), req).message, /does not resolve/);
  const tls = transportError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), req);
  assert.equal(tls.kind, 'tls');
  assert.match(tls.message, /set the CA file/);
  assert.match(transportError(Object.assign(new Error('SSL routines:ssl3_get_record:wrong version number'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }), req).message, /plain HTTP/);
  const ssh = transportError(Object.assign(new Error('The VM could not connect to 127.0.0.1:8081'), { name: 'SshTunnelError' }), req);
  assert.equal(ssh.kind, 'unreachable');
  assert.match(ssh.message, /through the SSH tunnel: The VM could not connect/);
});

test('a Java exception\'s class name is taken off the registry\'s words', () => {
  assert.equal(registryWords('io.apicurio.registry.rules.violation.RuleViolationException: Incompatible artifact'), 'Incompatible artifact');
  assert.equal(registryWords('Schema being registered is incompatible'), 'Schema being registered is incompatible');
});

test('answers are checked field by field; Avro is the default type', () => {
  assert.deepEqual(parseSchemaAnswer({ subject: 's', version: 1, id: 7, schema: '"string"' }),
    { id: 7, schemaType: 'AVRO', schema: '"string"', references: [], subject: 's', version: 1 });
  assert.equal(parseSchemaAnswer({ subject: 's', version: '1', id: 7, schema: '"string"' }), undefined);
  assert.equal(parseSchemaAnswer({ version: 1, id: 7, schema: 'x', schemaType: 'XML' }), undefined);
  assert.equal(parseSchemaAnswer({ version: 1, id: 7, schema: 'x', references: [{ name: 'a' }] }), undefined);
  assert.equal(parseCompatibility({ compatibilityLevel: 'FULL_TRANSITIVE' }), 'FULL_TRANSITIVE');
  assert.equal(parseCompatibility({ compatibility: 'NONE' }), 'NONE');
  assert.equal(parseCompatibility({ compatibilityLevel: 'SOMETIMES' }), undefined);
});
