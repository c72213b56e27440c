// ~/.ssh/config resolution, checked against what OpenSSH itself resolves (`ssh -G`) where it matters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandPath, loadSshConfig, parseJumpHop, parseSshConfig, resolveSshHost } from '../../src/kafka/ssh/sshConfig';
import { resolveSshTarget } from '../../src/kafka/ssh/sshTarget';
import { SshTunnelError } from '../../src/kafka/ssh/tunnelErrors';

const CONFIG = `
# global defaults first, as many people write them
IdentityFile ~/.ssh/global_key

Host kafka-vm kvm
  HostName 10.1.2.3
  User = deploy
  Port 2222
  IdentityFile "~/.ssh/id vm"
  IdentityFile %d/.ssh/id_%h
  ProxyJump bastion

Host bastion
  HostName bastion.example.org
  User jump

Host *.internal !secret.internal
  User internal-user
  Port 2200

Match host foo
  User from-match

Host *
  User fallback
  Port 2022
  ProxyJump none
`;

test('Host alias: HostName, User (with =), Port, IdentityFile (quoted, %d, %h, ~), ProxyJump; first value wins', () => {
  const r = resolveSshHost(parseSshConfig(CONFIG), 'kvm', '/home/me');
  assert.equal(r.explicit, true);
  assert.equal(r.hostName, '10.1.2.3');
  assert.equal(r.user, 'deploy');
  assert.equal(r.port, 2222);
  assert.equal(r.proxyJump, 'bastion');
  assert.deepEqual(r.identityFiles, ['/home/me/.ssh/global_key', '/home/me/.ssh/id vm', '/home/me/.ssh/id_10.1.2.3']);
});

test('wildcards and negation; bare * alone does not make an alias exist; Match blocks are ignored', () => {
  const blocks = parseSshConfig(CONFIG);
  const a = resolveSshHost(blocks, 'db.internal', '/h');
  assert.equal(a.explicit, true);
  assert.equal(a.user, 'internal-user');
  assert.equal(a.port, 2200);
  assert.equal(a.proxyJump, undefined, 'ProxyJump none means none');
  const s = resolveSshHost(blocks, 'secret.internal', '/h');
  assert.equal(s.explicit, false);
  assert.equal(s.user, 'fallback');
  assert.equal(resolveSshHost(blocks, 'foo', '/h').user, 'fallback');
});

test('resolveSshTarget: no such alias is an error naming it; ProxyJump hops resolve through the config', () => {
  const blocks = parseSshConfig(CONFIG);
  assert.throws(() => resolveSshTarget({ alias: 'nope' }, blocks, '/h'),
    (e: unknown) => e instanceof SshTunnelError && e.kind === 'alias' && e.message.includes('"nope"'));
  const t = resolveSshTarget({ alias: 'kafka-vm' }, blocks, '/h');
  assert.equal(t.label, 'kafka-vm (deploy@10.1.2.3:2222)');
  assert.equal(t.jumps.length, 1);
  assert.equal(t.jumps[0].host, 'bastion.example.org');
  assert.equal(t.jumps[0].user, 'jump');
  assert.equal(t.jumps[0].port, 2022);
  const explicit = resolveSshTarget({ host: 'ops@vm.example.org:2200' }, [], '/h');
  assert.deepEqual([explicit.user, explicit.host, explicit.port], ['ops', 'vm.example.org', 2200]);
  const over = resolveSshTarget({ alias: 'kvm', user: 'me', port: 22, identityFile: '~/k' }, blocks, '/h');
  assert.deepEqual([over.user, over.port, over.identityFiles], ['me', 22, ['/h/k']]);
  assert.throws(() => resolveSshTarget({}, blocks), (e: unknown) => e instanceof SshTunnelError && e.kind === 'config');
  assert.throws(() => resolveSshTarget({ host: 'a b' }, blocks), (e: unknown) => e instanceof SshTunnelError && e.kind === 'config');
  assert.throws(() => resolveSshTarget({ host: 'h', port: 70000 }, blocks), (e: unknown) => e instanceof SshTunnelError && /70000/.test(e.message));
});

test('Include (relative to ~/.ssh, with globs) and agreement with `ssh -G`', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-sshcfg-unit-'));
  try {
    writeFileSync(join(dir, 'config'), `Include conf.d/*.conf\nHost *\n  User fallback\n`);
    execFileSync('mkdir', ['-p', join(dir, 'conf.d')]);
    writeFileSync(join(dir, 'conf.d', 'a.conf'), 'Host incl\n  HostName 192.0.2.7\n  Port 2201\n  User inc\n');
    const r = resolveSshHost(loadSshConfig(join(dir, 'config')), 'incl');
    assert.deepEqual([r.explicit, r.hostName, r.port, r.user], [true, '192.0.2.7', 2201, 'inc']);
    // OpenSSH's own resolution of the same file (no network: -G only prints the configuration).
    writeFileSync(join(dir, 'plain'), CONFIG.replace(/IdentityFile [^\n]*\n/g, ''));
    const g = execFileSync('ssh', ['-G', '-F', join(dir, 'plain'), 'kvm'], { encoding: 'utf8' });
    const opt = (k: string): string | undefined => new RegExp(`^${k} (.*)$`, 'm').exec(g)?.[1];
    const mine = resolveSshHost(parseSshConfig(CONFIG), 'kvm');
    assert.equal(opt('hostname'), mine.hostName);
    assert.equal(opt('user'), mine.user);
    assert.equal(opt('port'), String(mine.port));
    assert.equal(opt('proxyjump'), mine.proxyJump);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('expandPath and parseJumpHop', () => {
  assert.equal(expandPath('~/.ssh/id_%r@%h:%p%%', { home: '/h', host: 'x', alias: 'a', user: 'u', port: 2 }), '/h/.ssh/id_u@x:2%');
  assert.deepEqual(parseJumpHop('u@h:2'), { user: 'u', host: 'h', port: 2 });
  assert.deepEqual(parseJumpHop('ssh://h'), { user: undefined, host: 'h', port: undefined });
  assert.deepEqual(parseJumpHop('[::1]:22'), { user: undefined, host: '::1', port: 22 });
  assert.equal(parseJumpHop('bad host'), undefined);
});
