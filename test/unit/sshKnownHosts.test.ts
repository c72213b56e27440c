// known_hosts parsing and checking, with entries written and hashed by OpenSSH's own ssh-keygen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKafkaError } from '../../src/kafka/client/errors';
import {
  checkHostKey, fingerprint, hostFieldMatches, keyTypeOf, knownHostsLine, parseKnownHosts,
} from '../../src/kafka/ssh/knownHosts';
import { describeChannelError, describeSshConnectError, SshTunnelError } from '../../src/kafka/ssh/tunnelErrors';

function newKey(dir: string, name: string): { line: string; blob: Buffer; fp: string } {
  const f = join(dir, name);
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', f]);
  const line = readFileSync(`${f}.pub`, 'utf8').trim();
  const fp = /SHA256:\S+/.exec(execFileSync('ssh-keygen', ['-l', '-f', `${f}.pub`], { encoding: 'utf8' }))?.[0] ?? '';
  return { line, blob: Buffer.from(line.split(' ')[1], 'base64'), fp };
}

test('fingerprints match ssh-keygen -l; key type from the blob; lines in OpenSSH form', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-kh-unit-'));
  try {
    const k = newKey(dir, 'a');
    assert.equal(fingerprint(k.blob), k.fp);
    assert.equal(keyTypeOf(k.blob), 'ssh-ed25519');
    assert.match(knownHostsLine('h', 22, k.blob), /^h ssh-ed25519 AAAA/);
    assert.match(knownHostsLine('h', 2222, k.blob), /^\[h\]:2222 ssh-ed25519 AAAA/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('known / changed / unknown / revoked, plain and hashed, [host]:port, patterns and negation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-kh-unit-'));
  try {
    const a = newKey(dir, 'a');
    const b = newKey(dir, 'b');
    const c = newKey(dir, 'c');
    const kh = join(dir, 'known_hosts');
    writeFileSync(kh, [
      '# comment',
      `vm1.example.org,10.0.0.1 ${a.line.split(' ').slice(0, 2).join(' ')}`,
      `[vm2.example.org]:2222 ${a.line.split(' ').slice(0, 2).join(' ')}`,
      `hashed.example.org ${b.line.split(' ').slice(0, 2).join(' ')}`,
      '',
    ].join('\n'));
    // ssh-keygen -H hashes every host name in place (the hashed forms are OpenSSH's, not ours).
    execFileSync('ssh-keygen', ['-q', '-H', '-f', kh]);
    // Lines ssh-keygen will not hash (patterns, markers) or cannot read, added afterwards.
    const text = readFileSync(kh, 'utf8') + [
      `*.corp,!evil.corp ${b.line.split(' ').slice(0, 2).join(' ')}`,
      `@revoked * ${c.line.split(' ').slice(0, 2).join(' ')}`,
      'garbage',
    ].join('\n');
    assert.ok(!text.includes('hashed.example.org'));
    const entries = parseKnownHosts(text, kh);

    assert.equal(checkHostKey(entries, 'vm1.example.org', 22, a.blob).status, 'known');
    assert.equal(checkHostKey(entries, '10.0.0.1', 22, a.blob).status, 'known');
    assert.equal(checkHostKey(entries, 'vm2.example.org', 2222, a.blob).status, 'known');
    assert.equal(checkHostKey(entries, 'vm2.example.org', 22, a.blob).status, 'unknown', 'port 22 is another name than [host]:2222');
    assert.equal(checkHostKey(entries, 'hashed.example.org', 22, b.blob).status, 'known');
    const changed = checkHostKey(entries, 'hashed.example.org', 22, a.blob);
    assert.equal(changed.status, 'changed');
    if (changed.status === 'changed') assert.equal(fingerprint(changed.known[0].keyBlob), b.fp);
    assert.equal(checkHostKey(entries, 'other.example.org', 22, a.blob).status, 'unknown');
    assert.equal(checkHostKey(entries, 'vm1.example.org', 22, c.blob).status, 'revoked');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // Patterns are not hashed by ssh-keygen -H; check them directly.
  assert.equal(hostFieldMatches('*.corp,!evil.corp', 'db.corp', 22), true);
  assert.equal(hostFieldMatches('*.corp,!evil.corp', 'evil.corp', 22), false);
  assert.equal(hostFieldMatches('[10.0.0.?]:2222', '10.0.0.5', 2222), true);
  assert.equal(hostFieldMatches('[10.0.0.?]:2222', '10.0.0.5', 22), false);
});

test('SSH errors keep their own words through the Kafka error classifier', () => {
  const errors: SshTunnelError[] = [
    describeSshConnectError(Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }), 'root@x:22', 10_000),
    describeSshConnectError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'root@x:22', 10_000),
    describeSshConnectError(Object.assign(new Error('x'), { code: 'ETIMEDOUT' }), 'root@x:22', 10_000),
    describeChannelError(Object.assign(new Error('(SSH) Channel open failure: administratively prohibited: open failed'), { reason: 1 }), 'root@x:22', 'localhost:9092'),
    describeChannelError(Object.assign(new Error('(SSH) Channel open failure: Connection refused'), { reason: 2 }), 'root@x:22', 'localhost:9092'),
    new SshTunnelError('auth', 'SSH login as root on x:22 was rejected; tried: publickey (/k), password.'),
    new SshTunnelError('hostkey-changed', 'WARNING: the SSH host key of x has CHANGED.'),
  ];
  assert.deepEqual(errors.slice(0, 5).map((e) => e.kind), ['dns', 'refused', 'unreachable', 'forwarding-refused', 'remote-refused']);
  assert.match(errors[3].message, /the SSH server refused port forwarding \(AllowTcpForwarding\?\)/);
  for (const e of errors) assert.equal(describeKafkaError(e).message, e.message, `classifier rewrote: ${e.message}`);
});

test('hashed entries match the host in any case, as OpenSSH lowercases the name before hashing (ssh-keygen -H)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-kh-unit-'));
  try {
    const k = newKey(dir, 'a');
    const kh = join(dir, 'known_hosts');
    // Names as a person might write them; ssh-keygen -H lowercases each before hashing.
    writeFileSync(kh, `VM.Example.COM,Other.Example.com ${k.line}\n[Db.Example.com]:2222 ${k.line}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', kh]);
    const entries = parseKnownHosts(readFileSync(kh, 'utf8'));
    assert.equal(entries.length, 3);
    assert.ok(entries.every((e) => e.hosts.startsWith('|1|')), 'all hashed');
    for (const [host, port] of [['vm.example.com', 22], ['VM.Example.COM', 22], ['vm.EXAMPLE.com', 22], ['other.example.com', 22], ['DB.example.COM', 2222]] as const) {
      assert.equal(checkHostKey(entries, host, port, k.blob).status, 'known', `${host}:${port}`);
    }
    assert.equal(checkHostKey(entries, 'db.example.com', 22, k.blob).status, 'unknown');
    // OpenSSH's own lookup agrees that the lowercased name is the one stored.
    assert.match(execFileSync('ssh-keygen', ['-F', 'vm.example.com', '-f', kh], { encoding: 'utf8' }), /Host vm\.example\.com found/);
    // The line we append for an accepted key is lowercased too, so ssh and ssh-keygen -H agree with it.
    assert.match(knownHostsLine('Db.Example.com', 2222, k.blob), /^\[db\.example\.com\]:2222 /);
    const ours = join(dir, 'ours');
    writeFileSync(ours, `${knownHostsLine('Db.Example.com', 2222, k.blob)}\n`);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', ours]);
    assert.equal(checkHostKey(parseKnownHosts(readFileSync(ours, 'utf8')), 'DB.EXAMPLE.COM', 2222, k.blob).status, 'known');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
