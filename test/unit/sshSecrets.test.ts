// Which edits drop a cluster's stored SSH secrets (the cluster store calls sshTargetChanged on save).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SshSettings } from '../../src/kafka/rules/clusterConfig';
import { sshTargetChanged } from '../../src/kafka/ssh/secretSlots';

test('SSH secrets go when the target, user, port or key changes, or SSH is removed; not for the auth method', () => {
  const base: SshSettings = { host: 'vm.example.com', user: 'me', port: 22, identityFile: '~/.ssh/id_ed25519', auth: 'key' };
  const cases: Array<[string, SshSettings | undefined, SshSettings | undefined, boolean]> = [
    ['no SSH before or after', undefined, undefined, false],
    ['unchanged', base, { ...base }, false],
    ['only the auth method', base, { ...base, auth: 'password' }, false],
    ['whitespace only', base, { ...base, host: ' vm.example.com ' }, false],
    ['another host', base, { ...base, host: 'other.example.com' }, true],
    ['another user', base, { ...base, user: 'you' }, true],
    ['another port', base, { ...base, port: 2222 }, true],
    ['another key file', base, { ...base, identityFile: '~/.ssh/other' }, true],
    ['host replaced by an alias', base, { alias: 'vm' }, true],
    ['SSH removed', base, undefined, true],
    ['SSH added', undefined, base, true],
  ];
  for (const [what, prev, next, changed] of cases) assert.equal(sshTargetChanged(prev, next), changed, what);
});
