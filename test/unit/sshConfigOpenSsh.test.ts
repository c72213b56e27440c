// ~/.ssh/config through OpenSSH (`ssh -G`), and our own reader (the fallback when no ssh client is
// installed) checked against `ssh -G -F file alias` on a table of config files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { resolveWithOpenSsh } from '../../src/kafka/ssh/opensshConfig';
import { loadSshConfig, ResolvedSshHost, resolveSshHost } from '../../src/kafka/ssh/sshConfig';
import { resolveSshTarget } from '../../src/kafka/ssh/sshTarget';
import { SshTunnelError } from '../../src/kafka/ssh/tunnelErrors';

/** [what, config text (INC = the path of an included file), aliases to resolve]. */
const TABLE: Array<[string, string, string[]]> = [
  ['HostName, User, Port, IdentityFile', 'Host vm\n  HostName 10.0.0.5\n  User alice\n  Port 2222\n  IdentityFile ~/.ssh/id_vm\n', ['vm', 'other']],
  ['first value wins across blocks; Host * last', 'Host vm\n  User a\nHost *\n  User b\n  Port 2022\n', ['vm', 'x']],
  ['wildcards and negation', 'Host *.corp !bad.corp\n  User corp\n  Port 2200\nHost *\n  User rest\n', ['db.corp', 'bad.corp', 'corp']],
  ['%h in HostName', 'Host db web\n  HostName %h.internal.example.com\n', ['db', 'web']],
  ['IdentityFile accumulates, with %d %r %h %p tokens', 'IdentityFile ~/.ssh/global\nHost vm\n  HostName vm.example.org\n  User ops\n  IdentityFile %d/.ssh/%r-%h-%p\n  IdentityFile "~/.ssh/with space"\n', ['vm']],
  ['= syntax, quotes and keyword case', 'HOST qq\n  hostname = "quoted.example.com"\n  USER=bob\n  Port=2023\n', ['qq']],
  ['Include (absolute path) inside the config', 'Include INC\nHost *\n  User fallback\n', ['incl', 'nope']],
  ['ProxyJump and IdentitiesOnly', 'Host behind\n  HostName 10.9.9.9\n  ProxyJump jump1,ops@jump2:2200\n  IdentitiesOnly yes\n  IdentityFile ~/.ssh/k\nHost jump1\n  HostName j1.example.com\n', ['behind', 'jump1']],
  ['ProxyJump none; Host patterns are case-sensitive (OpenSSH match_pattern)', 'Host VM\n  HostName 10.1.1.1\nHost *\n  ProxyJump none\n', ['vm', 'VM']],
];

function comparable(r: ResolvedSshHost): Record<string, unknown> {
  return {
    hostName: r.hostName.toLowerCase(), user: r.user ?? userInfo().username, port: r.port ?? 22,
    identityFiles: r.identityFiles, identitiesOnly: r.identitiesOnly ?? false, proxyJump: r.proxyJump, explicit: r.explicit,
  };
}

test('the fallback reader agrees with `ssh -G -F file` on a table of configs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-sshg-'));
  try {
    const inc = join(dir, 'included.conf');
    writeFileSync(inc, 'Host incl\n  HostName 192.0.2.7\n  Port 2201\n  User inc\n');
    TABLE.forEach(([what, text, aliases], i) => {
      const file = join(dir, `config${i}`);
      writeFileSync(file, text.replace('INC', inc));
      const blocks = loadSshConfig(file);
      for (const alias of aliases) {
        const g = resolveWithOpenSsh(alias, file);
        assert.ok(g, 'ssh is installed here (openssh-client)');
        assert.deepEqual(comparable(resolveSshHost(blocks, alias, homedir())), comparable(g), `${what}: ${alias}`);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('resolveSshTarget asks ssh -G (Match and tokens as ssh evaluates them) and falls back to the reader without ssh', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kd-sshg-'));
  try {
    const file = join(dir, 'config');
    writeFileSync(file, [
      'Match originalhost course-vm',
      '  HostName 10.20.30.40',
      '  User student',
      '  Port 2200',
      'Host course-vm',
      '  HostName fallback.example.com',
      'Match host jumpbox exec "true"',
      '  User jumper',
      'Host *',
      '  Port 2022',
      '',
    ].join('\n'));
    const viaSsh = resolveSshTarget({ alias: 'course-vm' }, loadSshConfig(file));
    assert.deepEqual([viaSsh.host, viaSsh.user, viaSsh.port], ['10.20.30.40', 'student', 2200], 'Match evaluated as ssh does');
    // An alias only a Match block knows still exists for ssh.
    assert.equal(resolveSshTarget({ alias: 'jumpbox' }, loadSshConfig(file)).user, 'jumper');
    // No ssh client: our reader, which ignores Match blocks.
    const noSsh = Object.assign(loadSshConfig(file), { openssh: { configFile: file, sshBinary: join(dir, 'no-ssh-here') } });
    const viaReader = resolveSshTarget({ alias: 'course-vm' }, noSsh);
    assert.deepEqual([viaReader.host, viaReader.port], ['fallback.example.com', 2022]);
    // A misspelt alias is an error in both, not a host name to dial.
    for (const cfg of [loadSshConfig(file), noSsh]) {
      assert.throws(() => resolveSshTarget({ alias: 'course-mv' }, cfg), (e: unknown) => e instanceof SshTunnelError && e.kind === 'alias');
    }
    // A config ssh refuses is reported with ssh's own words.
    writeFileSync(file, 'Host x\n  NoSuchOption yes\n');
    assert.throws(() => resolveSshTarget({ alias: 'x' }, loadSshConfig(file)),
      (e: unknown) => e instanceof SshTunnelError && e.kind === 'config' && /Bad configuration option|nosuchoption/i.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
