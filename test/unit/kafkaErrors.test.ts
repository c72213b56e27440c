// The error classifier against kafkajs's own error classes (the ones kafkajs throws, not look-alikes),
// Node's error codes and the SSH tunnel's error type: types decide before message text, and our own
// messages are never reclassified by a word they happen to contain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyKafkaError, describeKafkaError } from '../../src/kafka/client/errors';
import { SshTunnelError } from '../../src/kafka/ssh/tunnelErrors';
import * as K from 'kafkajs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kafkajs's typings omit constructor metadata it accepts
const E = K as unknown as Record<string, new (...a: any[]) => Error>;
const sysError = (code: string, message: string): Error => Object.assign(new Error(message), { code });

test('connection errors are classified by their code, also inside KafkaJSNumberOfRetriesExceeded', () => {
  const refused = new E.KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:1', { broker: '127.0.0.1:1', code: 'ECONNREFUSED' });
  assert.equal(classifyKafkaError(refused), 'refused');
  const retried = new E.KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 2, retryTime: 200 });
  const d = describeKafkaError(retried, '127.0.0.1:1');
  assert.equal(d.kind, 'refused');
  assert.equal(d.message, 'Connection refused (tried 127.0.0.1:1). Is the broker running and listening on that host and port?');
  assert.equal(d.retriable, true, 'the cause (a connection error) is retriable even though the retries wrapper is not');
  assert.equal(classifyKafkaError(new E.KafkaJSConnectionError('Connection error: getaddrinfo ENOTFOUND nohost', { code: 'ENOTFOUND' })), 'dns');
  assert.equal(classifyKafkaError(new E.KafkaJSConnectionError('Connection timeout', { broker: 'a:1' })), 'timeout');
  assert.equal(classifyKafkaError(new E.KafkaJSConnectionClosedError('Closed connection', { host: 'a', port: 1 })), 'closed');
  assert.equal(classifyKafkaError(new E.KafkaJSRequestTimeoutError('Request Metadata(key: 3, version: 6) timed out', {})), 'timeout');
});

test('TLS failures are recognised by Node\'s certificate codes and keep the detail', () => {
  const tls = new E.KafkaJSConnectionError('Connection error: self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  const d = describeKafkaError(tls, 'b:9093');
  assert.equal(d.kind, 'tls');
  assert.match(d.message, /^TLS handshake failed \(tried b:9093\): Connection error: self-signed certificate\. Check the TLS setting and CA file\.$/);
  assert.equal(classifyKafkaError(sysError('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number')), 'tls');
});

test('Kafka protocol errors: SASL types are auth, other types are the broker refusing, with kafkajs\'s retriable flag', () => {
  const sasl = new E.KafkaJSProtocolError({ type: 'SASL_AUTHENTICATION_FAILED', code: 58, retriable: false, message: 'SASL Authentication failed' });
  assert.equal(classifyKafkaError(sasl), 'auth');
  assert.equal(classifyKafkaError(new E.KafkaJSSASLAuthenticationError('SASL PLAIN authentication failed: bad creds')), 'auth');
  const denied = new E.KafkaJSProtocolError({ type: 'TOPIC_AUTHORIZATION_FAILED', code: 29, retriable: false, message: 'Not authorized to access topics: [Topic authorization failed]' });
  const d = describeKafkaError(new E.KafkaJSNumberOfRetriesExceeded(denied, { retryCount: 0, retryTime: 0 }));
  assert.equal(d.kind, 'broker');
  assert.equal(d.message, 'The broker refused: Not authorized to access topics: [Topic authorization failed] (TOPIC_AUTHORIZATION_FAILED)');
  assert.equal(d.retriable, false);
  const leader = new E.KafkaJSProtocolError({ type: 'LEADER_NOT_AVAILABLE', code: 5, retriable: true, message: 'There is no leader for this topic-partition' });
  assert.equal(describeKafkaError(leader).retriable, true);
});

test('types decide before text: a protocol error whose message mentions a timeout is still the broker refusing', () => {
  const e = new E.KafkaJSProtocolError({ type: 'REQUEST_TIMED_OUT', code: 7, retriable: true, message: 'The request timed out' });
  assert.equal(classifyKafkaError(e), 'broker');
});

test('retries that ran out with no decisive cause read as a timeout; a bare code in the text still counts', () => {
  const inner = new E.KafkaJSError('Broker not connected');
  assert.equal(classifyKafkaError(new E.KafkaJSNumberOfRetriesExceeded(inner, { retryCount: 2, retryTime: 2000 })), 'timeout');
  assert.equal(classifyKafkaError(new E.KafkaJSError('Connection error: connect ECONNREFUSED 127.0.0.1:9092')), 'refused');
});

test('our own messages are shown as written, whatever words they contain; the kind comes from their cause', () => {
  const own = new Error('kafkaDev.connectionTimeoutMs must be a number of milliseconds, not "5000" (a string): TLS and SASL are unaffected.');
  const d = describeKafkaError(own, 'a:1');
  assert.equal(d.kind, 'unknown');
  assert.equal(d.message, own.message);
  const cause = new E.KafkaJSProtocolError({ type: 'INVALID_REPLICATION_FACTOR', code: 38, retriable: false, message: 'Replication-factor is invalid' });
  const wrapped = Object.assign(new Error('Replication factor 3 is more than the 1 broker of local.'), { cause });
  const w = describeKafkaError(wrapped, 'a:1');
  assert.equal(w.kind, 'broker');
  assert.equal(w.message, 'Replication factor 3 is more than the 1 broker of local.');
});

test('SSH tunnel errors keep their own words (they name the SSH host, not the broker)', () => {
  const ssh = new SshTunnelError('hostkey-changed', 'The SSH host key of vm (127.0.0.2) has CHANGED: known SHA256:a, offered SHA256:b.');
  const d = describeKafkaError(ssh, 'localhost:9092');
  assert.equal(d.kind, 'ssh');
  assert.equal(d.message, ssh.message);
});

test('Node timeouts of our own bounded waits (withTimeout sets ETIMEDOUT) read as no answer in time', () => {
  assert.equal(describeKafkaError(sysError('ETIMEDOUT', 'could not connect to a:1 within 100 ms'), 'a:1').message,
    'No answer from the cluster in time (tried a:1). Check the address, firewalls, and whether you need the SSH tunnel.');
});

test('a TLS handshake the peer hangs up on (TLS to a plaintext listener) is a TLS error, not a closed connection', () => {
  const node = Object.assign(new Error('Client network socket disconnected before secure TLS connection was established'), { code: 'ECONNRESET' });
  const wrapped = Object.assign(new Error('Connection error: Client network socket disconnected before secure TLS connection was established'), { name: 'KafkaJSConnectionError', code: 'ECONNRESET', originalError: node });
  assert.equal(classifyKafkaError(wrapped), 'tls');
  assert.equal(classifyKafkaError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })), 'closed');
});
