// SSH secrets per endpoint and key file (defect 9), against real sshd: a password given for one server
// is never sent to another, a jump host's key and the target's key each get their own passphrase, and
// a stored secret that proves wrong is asked for once more, then a clear error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SecretVault, slotKey, vaultSecrets } from '../../src/kafka/ssh/secretSlots';
import { SecretKind } from '../../src/kafka/ssh/sshTunnel';
import { SshTunnelError } from '../../src/kafka/ssh/tunnelErrors';
import { Sshd, startSshd } from '../harness/sshd';
import { targetFor, tempDir, tunnelTo } from './fixture';

const run = promisify(execFile);
let a: Sshd;
let b: Sshd;
let jumpKey: string;
let targetKey: string;

before(async () => {
  const d = tempDir('kd-sshsecrets-');
  jumpKey = join(d, 'id_jump');
  targetKey = join(d, 'id_target');
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'jump-pp', '-f', jumpKey]);
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'target-pp', '-f', targetKey]);
  const keys = [jumpKey, targetKey].map((k) => readFileSync(`${k}.pub`, 'utf8').trim());
  [a, b] = await Promise.all([
    startSshd({ listenAddress: '127.0.0.1', password: 'pw-of-a', authorizedKeys: keys }),
    startSshd({ listenAddress: '127.0.0.1', password: 'pw-of-b' }),
  ]);
});
after(async () => { await Promise.all([a?.stop(), b?.stop()]); });

/** A vault in memory and a person who answers by slot, recording every question. */
function person(answers: Record<string, string>, stored: Record<string, string> = {}) {
  const vault: Record<string, string> = { ...stored };
  const asked: string[] = [];
  const v: SecretVault = { read: async () => ({ ...vault }), write: async (all) => { for (const k of Object.keys(vault)) delete vault[k]; Object.assign(vault, all); } };
  const secrets = vaultSecrets(v, async (kind: SecretKind, _prompt: string, slot: string) => { asked.push(slotKey(kind, slot)); return answers[slotKey(kind, slot)]; });
  return { vault, asked, secrets };
}

const pw = (s: Sshd): string => slotKey('password', `${s.user}@${s.host}:${s.port}`);
const pp = (file: string): string => slotKey('passphrase', file);

async function rejects(p: Promise<unknown>, kind: SshTunnelError['kind'], re: RegExp): Promise<void> {
  await assert.rejects(p, (e: unknown) => e instanceof SshTunnelError && e.kind === kind && re.test(e.message));
}

describe('SSH secrets are kept per endpoint and key file', () => {
  test('a password is asked per endpoint: a changed ssh.host asks, and the old password never reaches the new server', async () => {
    const p = person({ [pw(a)]: 'pw-of-a', [pw(b)]: 'pw-of-b' });
    for (let i = 0; i < 2; i++) {
      const t = tunnelTo(a, { auth: 'password', secrets: p.secrets });
      await t.connect();
      t.close();
    }
    assert.deepEqual(p.asked, [pw(a)], 'asked once for a, then kept');
    // The cluster's ssh.host now names server b: its password is asked, a's is not offered.
    const t = tunnelTo(b, { auth: 'password', secrets: p.secrets });
    await t.connect();
    t.close();
    assert.deepEqual(p.asked, [pw(a), pw(b)]);
    assert.deepEqual(Object.keys(p.vault).sort(), [pw(a), pw(b)].sort());
    assert.doesNotMatch(readFileSync(b.logFile, 'utf8'), /Failed password/, 'b never saw a wrong (i.e. a\'s) password');
  });

  test('a jump host\'s key and the target\'s key get a passphrase each, asked once, no prompt loop', async () => {
    const p = person({ [pp(jumpKey)]: 'jump-pp', [pp(targetKey)]: 'target-pp' });
    const target = () => targetFor(a, {
      identityFiles: [targetKey],
      jumps: [{ ...targetFor(a, { identityFiles: [jumpKey] }), label: 'jump' }],
    });
    const t = tunnelTo(a, { target: target(), secrets: p.secrets });
    await t.connect();
    t.close();
    assert.deepEqual(p.asked, [pp(jumpKey), pp(targetKey)]);
    const again = tunnelTo(a, { target: target(), secrets: p.secrets });
    await again.connect();
    again.close();
    assert.equal(p.asked.length, 2, 'both kept: nothing asked the second time');
  });

  test('a wrong stored passphrase is asked again once; a second wrong answer is a clear error', async () => {
    const fixed = person({ [pp(targetKey)]: 'target-pp' }, { [pp(targetKey)]: 'stale' });
    const t = tunnelTo(a, { target: targetFor(a, { identityFiles: [targetKey] }), secrets: fixed.secrets });
    await t.connect();
    t.close();
    assert.deepEqual(fixed.asked, [pp(targetKey)]);
    assert.equal(fixed.vault[pp(targetKey)], 'target-pp', 'the right answer replaced the wrong one');

    const wrong = person({ [pp(targetKey)]: 'still wrong' }, { [pp(targetKey)]: 'stale' });
    const w = tunnelTo(a, { target: targetFor(a, { identityFiles: [targetKey] }), secrets: wrong.secrets });
    await rejects(w.connect(), 'key', /Wrong passphrase for the SSH key .*id_target/);
    w.close();
    assert.deepEqual(wrong.asked, [pp(targetKey)], 'asked exactly once more');
    assert.equal(wrong.vault[pp(targetKey)], undefined, 'no wrong passphrase left stored');
  });

  test('a wrong stored password is asked again once; a second wrong answer is a clear error', async () => {
    const fixed = person({ [pw(a)]: 'pw-of-a' }, { [pw(a)]: 'stale' });
    const t = tunnelTo(a, { auth: 'password', secrets: fixed.secrets });
    await t.connect();
    t.close();
    assert.deepEqual(fixed.asked, [pw(a)]);
    assert.equal(fixed.vault[pw(a)], 'pw-of-a');

    const wrong = person({ [pw(a)]: 'still wrong' }, { [pw(a)]: 'stale' });
    const w = tunnelTo(a, { auth: 'password', secrets: wrong.secrets });
    await rejects(w.connect(), 'auth', /was rejected; tried: password, password \(asked again\)\./);
    w.close();
    assert.deepEqual(wrong.asked, [pw(a)]);
    assert.equal(wrong.vault[pw(a)], undefined, 'no wrong password left stored');
  });
});
