/**
 * Many steps on one host in one apply, over one SSH connection, against an sshd with
 * OpenSSH's default `MaxSessions 10` (the lab's hosts allow 64; the test puts hostA back to
 * the default and reloads its sshd with SIGHUP). First it shows that the limit bites: one
 * connection asking for 12 sessions at once gets "open failed" channels. Then `vsh run`
 * applies 40+ steps on hostA and pings its 30 `expect` lines — all at once as far as vsh
 * is concerned — without a single channel open failure, and every expectation passes.
 * Also: an ovsdb transaction longer than Linux's 128 KiB single-argument limit (what one
 * exec request's command line is, on the host) still goes through vsh's SSH executor.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ssh2';
import { SshExecutor } from '../../src/exec/ssh.js';
import { Lab, scenario, skipReason, traced, vsh, waitFor, type PlanJson } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: 30+ steps and 30 pings on one host, MaxSessions 10${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await Lab.up('many', { hosts: 1 });
    const config = join(lab.dir, 'hosts/hostA/sshd_config');
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^MaxSessions \d+$/m, 'MaxSessions 10'));
    const pid = Number(readFileSync(join(lab.runDir('hostA'), 'sshd.pid'), 'utf8'));
    process.kill(pid, 'SIGHUP'); // sshd re-executes itself with the new config, same pid
    const ready = await waitFor(async () => (await lab.ssh('hostA', 'true')).code === 0 || undefined, 10_000, 100);
    if (!ready) throw new Error('hostA sshd did not come back after SIGHUP');
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  /** A plain ssh2 connection to hostA, host key checked against the lab's known_hosts. */
  async function rawClient(): Promise<Client> {
    const { Client } = await import('ssh2');
    const host = lab.hosts[0]!;
    const known = readFileSync(join(lab.dir, 'known_hosts'), 'utf8').split('\n').find((l) => l.startsWith(`${host.address} `))!.split(' ')[2]!.trim();
    return new Promise((resolve, reject) => {
      const c = new Client();
      c.once('ready', () => resolve(c));
      c.once('error', reject);
      c.connect({ host: host.address, username: 'root', privateKey: readFileSync(join(lab.dir, 'id_ed25519')), hostVerifier: (k: Buffer) => k.toString('base64') === known, readyTimeout: 10_000 });
    });
  }
  const execOn = (c: Client, line: string) =>
    new Promise<string>((res) =>
      c.exec(line, (err, ch) => {
        if (err) return res(`refused: ${err.message}`);
        let stderr = '';
        let code: number | null = null;
        ch.stderr.on('data', (d: Buffer) => (stderr += d));
        ch.on('exit', (c2: number | null) => (code = c2));
        ch.on('close', () => res(`exit ${code} ${stderr.trim()}`));
        ch.resume();
      }),
    );

  it('hostA now refuses the 11th session on one connection (so the next test means something)', async () => {
    const c = await rawClient();
    try {
      const results = await Promise.all(Array.from({ length: 12 }, () => execOn(c, 'sleep 1')));
      expect(results.filter((r) => r === 'exit 0 ')).toHaveLength(10);
      expect(results.filter((r) => r.startsWith('refused'))).toHaveLength(2);
      expect(results.find((r) => r.startsWith('refused'))).toMatch(/open failed|failure/i);
    } finally {
      c.end();
    }
  }, 30_000);

  it('one ovsdb transaction longer than 128 KiB goes through the SSH executor (a bare exec request cannot carry it)', async () => {
    // 5000 no-op changes, ~150 KB as one command line: over Linux's 128 KiB limit for one argv string.
    const argv = ['ovs-vsctl', ...Array.from({ length: 5000 }, (_, i) => ['--if-exists', 'del-br', `nobr${i}`, '--']).flat(), 'list-br'];
    expect(argv.join(' ').length).toBeGreaterThan(128 * 1024);
    const c = await rawClient();
    try {
      expect(await execOn(c, argv.join(' '))).toMatch(/^exit \d+ .*Argument list too long/); // what sshd does with it
    } finally {
      c.end();
    }
    const host = lab.hosts[0]!;
    const exec = new SshExecutor({ name: 'hostA', address: host.address, port: 22, user: 'root', keyFiles: [join(lab.dir, 'id_ed25519')], knownHostsFiles: [join(lab.dir, 'known_hosts')] });
    try {
      const r = await exec.run({ argv });
      expect(r.stderr).toBe('');
      expect(r).toMatchObject({ code: 0, stdout: 'br-phy\n' });
    } finally {
      await exec.close();
    }
  }, 30_000);

  it('vsh run: 41 steps on hostA and 30 expect pings, no channel open failure, all expectations pass', async () => {
    const files = [lab.inventory, scenario('thirty-steps.vnet')];
    const plan = JSON.parse((await vsh(['plan', '--json', ...files])).stdout) as PlanJson;
    expect(plan.steps.filter((s) => s.host === 'hostA').length).toBeGreaterThanOrEqual(30);
    const logins = () => readFileSync(join(lab.dir, 'hosts/hostA/sshd.log'), 'utf8').match(/Accepted publickey/g)?.length ?? 0;
    const loginsBefore = logins();
    const r = await vsh(['run', ...files], { env: { VSH_TRACE: '1' }, timeoutMs: 50_000 });
    expect(r.stderr).not.toMatch(/channel open failure|cannot open a channel|open failed/i);
    expect(r.code, `${r.stdout}\n${r.stderr.split('\n').filter((l) => !l.startsWith('vsh-trace ')).join('\n')}`).toBe(0);
    expect(r.stdout).toContain(`applied ${plan.changes} steps`);
    expect(r.stdout.match(/^passed: expect reach/gm)).toHaveLength(30);
    // One connection carried it all: the read, the lock, the batches, the 30 pings, the unlock.
    const cmds = traced(r.stderr).get('hostA')!;
    expect(new Set(cmds.filter((c) => c.startsWith('ip netns exec m')))).toHaveProperty('size', 30);
    expect(logins() - loginsBefore).toBe(1);
    const again = JSON.parse((await vsh(['plan', '--json', ...files])).stdout) as PlanJson;
    expect(again.changes).toBe(0);
  }, 60_000);
});
