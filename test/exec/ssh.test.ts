/** The SSH executor against a real sshd on loopback: keys verified, channels capped, failures clear. */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SshExecutor, SshError, type SshTarget } from '../../src/exec/ssh.js';
import { canRunSshd, startSshd, type TestSshd } from '../support/sshd.js';
import { skipping } from '../support/skip.js';

describe.skipIf(skipping('SshExecutor', !canRunSshd() && 'needs root and /usr/sbin/sshd, ssh-keygen'))('SshExecutor (real sshd on 127.0.0.1)', () => {
  let sshd: TestSshd;
  const target = (over: Partial<SshTarget> = {}): SshTarget => ({
    name: 'hostT',
    address: '127.0.0.1',
    port: sshd.port,
    user: 'root',
    keyFiles: [sshd.clientKey],
    knownHostsFiles: [sshd.knownHosts],
    connectTimeoutMs: 5_000,
    commandTimeoutMs: 10_000,
    ...over,
  });

  beforeAll(async () => {
    sshd = await startSshd();
  }, 20_000);
  afterAll(async () => {
    await sshd?.stop();
  });

  it('runs argv with stdin, exit codes and both streams', async () => {
    const ssh = new SshExecutor(target());
    try {
      const r = await ssh.run({ argv: ['sh', '-c', 'cat; echo err >&2; exit 3'], stdin: 'hello\n' });
      expect(r).toEqual({ code: 3, stdout: 'hello\n', stderr: 'err\n' });
    } finally {
      await ssh.close();
    }
  });

  it('passes arguments byte for byte, shell metacharacters included', async () => {
    const ssh = new SshExecutor(target());
    const args = ['br0;reboot', '$(touch /tmp/vsh-pwned)', "it's", 'a"b', '`id`', 'x y\tz', '', '*', 'ü→', '-n'];
    try {
      const r = await ssh.run({ argv: ['printf', '%s\\0', ...args] });
      expect(r.stdout.split('\0').slice(0, -1)).toEqual(args);
    } finally {
      await ssh.close();
    }
  });

  it('a channel the server refuses (its MaxSessions reached) is asked for again: every command runs', async () => {
    const strict = await startSshd({ maxSessions: 2 });
    const ssh = new SshExecutor({ ...target(), port: strict.port, keyFiles: [strict.clientKey], knownHostsFiles: [strict.knownHosts] });
    try {
      // vsh opens up to 8 channels at once; this sshd refuses all but 2 until those close.
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => ssh.run({ argv: ['sh', '-c', `sleep 0.1; echo ${i}`] })));
      expect(results.map((r) => r.stdout.trim())).toEqual(['0', '1', '2', '3', '4', '5']);
    } finally {
      await ssh.close();
      await strict.stop();
    }
  });

  it('runs 30 commands at once over one connection without channel open failures', async () => {
    const ssh = new SshExecutor(target());
    try {
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => ssh.run({ argv: ['echo', String(i)] })));
      expect(results.map((r) => r.stdout.trim())).toEqual(Array.from({ length: 30 }, (_, i) => String(i)));
    } finally {
      await ssh.close();
    }
  });

  it('refuses an unknown host key, giving the fingerprint and how to trust it', async () => {
    const empty = join(sshd.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const ssh = new SshExecutor(target({ knownHostsFiles: [empty] }));
    const err = await ssh.run({ argv: ['true'] }).catch((e) => e);
    expect(err).toBeInstanceOf(SshError);
    expect(err.message).toMatch(/hostT: the host key of \[127\.0\.0\.1\]:\d+ is not known \(SHA256:[A-Za-z0-9+/]{43}\)/);
    expect(err.message).toContain('ssh-keyscan -p');
  });

  it('refuses a changed host key loudly', async () => {
    const other = join(sshd.dir, 'changed_known_hosts');
    const fake = `ssh-ed25519 ${Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), randomBytes(32)]).toString('base64')}`;
    writeFileSync(other, `[127.0.0.1]:${sshd.port} ${fake}\n`);
    const err = await new SshExecutor(target({ knownHostsFiles: [other] })).run({ argv: ['true'] }).catch((e) => e);
    expect(err.message).toContain('has CHANGED');
    expect(err.message).toContain('refuses to connect');
  });

  it('accepts a hashed known_hosts entry (ssh-keygen -H)', async () => {
    const hashed = join(sshd.dir, 'hashed_known_hosts');
    const salt = randomBytes(20);
    const name = `[127.0.0.1]:${sshd.port}`;
    const hash = createHmac('sha1', salt).update(name).digest('base64');
    writeFileSync(hashed, `|1|${salt.toString('base64')}|${hash} ${sshd.hostKeyPub}\n`);
    const ssh = new SshExecutor(target({ knownHostsFiles: [hashed] }));
    try {
      expect((await ssh.run({ argv: ['echo', 'ok'] })).stdout).toBe('ok\n');
    } finally {
      await ssh.close();
    }
  });

  it('reports a connection lost mid-command with the host, and does not hang', async () => {
    const ssh = new SshExecutor(target());
    try {
      // The remote shell kills its own sshd session process: the connection drops under the command.
      const err = await ssh.run({ argv: ['sh', '-c', 'kill -9 $PPID; sleep 5'] }).catch((e) => e);
      expect(err).toBeInstanceOf(SshError);
      expect(err.message).toMatch(/^hostT: connection lost/);
    } finally {
      await ssh.close();
    }
  });

  it('the late close of a lost connection does not make close() forget the newer one', async () => {
    const ssh = new SshExecutor(target());
    const old = await ssh.connect();
    try {
      old.emit('error', new Error('simulated loss')); // lost: the next command reconnects
      const fresh = await ssh.connect();
      expect(fresh).not.toBe(old);
      old.emit('close'); // …and only then the old socket's close arrives
      expect(await ssh.connect()).toBe(fresh);
      const closed = new Promise<boolean>((resolve) => fresh.once('close', () => resolve(true)));
      await ssh.close();
      expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r(false), 3_000))])).toBe(true);
    } finally {
      old.end();
      await ssh.close();
    }
  });

  it('a stopped sshd session: the command fails within the keepalive bound, and close() does not hang', async () => {
    const ssh = new SshExecutor(target({ commandTimeoutMs: 120_000 }));
    const pidFile = join(sshd.dir, `stopped-${randomBytes(4).toString('hex')}`);
    try {
      const t0 = performance.now();
      // The remote shell stops its own sshd session process: nothing answers, nothing closes.
      const err = await ssh.run({ argv: ['sh', '-c', `echo $PPID > ${pidFile}; kill -STOP $PPID; sleep 60`] }).catch((e) => e);
      expect(err).toBeInstanceOf(SshError);
      expect(err.message).toMatch(/^hostT: connection lost/);
      expect(performance.now() - t0).toBeLessThan(25_000);
      const t1 = performance.now();
      await ssh.close();
      expect(performance.now() - t1).toBeLessThan(3_000);
    } finally {
      await ssh.close();
      try {
        process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
      } catch {
        /* not started */
      }
    }
  }, 40_000);

  it('refuses a wrong key with a clear authentication message', async () => {
    const err = await new SshExecutor(target({ keyFiles: [join(sshd.dir, 'host_key')] })).run({ argv: ['true'] }).catch((e) => e);
    expect(err.message).toMatch(/hostT: authentication as root failed/);
  });
});
