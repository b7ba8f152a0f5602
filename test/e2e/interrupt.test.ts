/**
 * vsh stopped from outside, or a host that stops answering, in the middle of an apply.
 *
 * Deterministic timing as in ssh-lost.test.ts: hostB's ovs-vswitchd is stopped (SIGSTOP),
 * so hostB's OVS transaction waits for it while hostA finishes its whole plan; then:
 *
 * 1. `kill -TERM` of vsh: it rolls both hosts back exactly as SIGINT does, releases the
 *    locks and exits 1 naming the signal.
 * 2. hostB's whole sshd (listener and session) stopped with SIGSTOP: the host neither
 *    answers nor closes. vsh gives its connection up (keepalives), rolls hostA back, cannot
 *    reach hostB for its rollback, says so naming hostB and the step — and exits, within a
 *    bound, instead of hanging.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, processesIn, REPO, scenario, skipReason, VSH, waitFor, type HostState } from './support.js';

const skip = skipReason();

const pidfile = (path: string) => Number(readFileSync(path, 'utf8').trim());
const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    /* gone already */
  }
};

describe.skipIf(!!skip)(`e2e: vsh terminated, a host stopped, mid-apply${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let before: Record<string, HostState>;
  let vswitchd: number;
  const stopped: number[] = [];
  beforeAll(async () => {
    lab = await Lab.up('interrupt');
    vswitchd = pidfile(join(lab.runDir('hostB'), 'openvswitch/ovs-vswitchd.pid'));
    before = await lab.states();
  }, 60_000);
  afterAll(async () => {
    for (const pid of [vswitchd, ...stopped]) signal(pid, 'SIGCONT');
    await lab?.down();
  }, 60_000);

  /** Start `vsh apply` and wait until hostB's OVS batch is in flight and hostA is done; the child and a progress reader. */
  async function applyCaughtHalfWay() {
    signal(vswitchd, 'SIGSTOP');
    let progress = '';
    const child = execa(VSH, ['apply', lab.inventory, scenario('long-apply.vnet')], { reject: false, timeout: 120_000, env: { NO_COLOR: '1' }, cwd: REPO, input: '' });
    child.stderr?.on('data', (d: Buffer) => (progress += d.toString('utf8')));
    const inFlight = await waitFor(
      () => progress.includes('hostA: done') && processesIn(lab.netns('hostB')).find((p) => p.cmd.startsWith('ovs-vsctl') && p.cmd.includes('add-br br-k')),
      20_000,
    );
    return { child, inFlight: inFlight !== undefined };
  }

  it('SIGTERM rolls back like Ctrl-C: both hosts as before, locks released, exit 1 naming the signal', async () => {
    const { child, inFlight } = await applyCaughtHalfWay();
    try {
      expect(inFlight).toBe(true);
      child.kill('SIGTERM');
      signal(vswitchd, 'SIGCONT');
      const r = await child;
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('interrupted (SIGTERM): stopping after the current batch and rolling back');
      expect(r.stderr).toMatch(/^rolled back \d+ steps: .*namespace ka@hostA/m);
      await waitFor(async () => (await lab.ssh('hostB', 'pgrep -x ovs-vsctl')).code === 1 || undefined, 10_000);
      const after = await lab.states();
      expect(after.hostA).toEqual(before.hostA);
      expect(after.hostB).toEqual(before.hostB);
      expect((await lab.ssh('hostA', 'ls /run/vsh')).stdout).not.toMatch(/apply-host[AB]\.lock/);
    } finally {
      signal(vswitchd, 'SIGCONT');
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('hostB stopped (its sshd listener and session): vsh names hostB and the step and exits within the bound', async () => {
    const { child, inFlight } = await applyCaughtHalfWay();
    try {
      expect(inFlight).toBe(true);
      const sshd = processesIn(lab.netns('hostB')).filter((p) => p.cmd.startsWith('sshd'));
      expect(sshd.length).toBeGreaterThan(1); // the listener and vsh's session
      for (const p of sshd) {
        stopped.push(p.pid);
        signal(p.pid, 'SIGSTOP');
      }
      signal(vswitchd, 'SIGCONT');
      const t0 = performance.now();
      const r = await child;
      const ms = performance.now() - t0;
      process.stderr.write(`stopped host: vsh exited ${ms.toFixed(0)} ms after hostB stopped answering\n`);
      expect(r.timedOut).toBe(false);
      expect(r.exitCode).toBe(1);
      // keepalives give hostB up in 15-20 s; its rollback then fails at once (the connect times out in 10 s).
      expect(ms).toBeLessThan(45_000);
      expect(r.stderr).toMatch(/^apply failed on hostB, step '[^']+': hostB: connection lost/m);
      expect(r.stderr).toMatch(/^ {2}could not undo '[^']+' on hostB: hostB: .* — check this host by hand$/m);
      expect(await lab.state('hostA')).toEqual(before.hostA);
    } finally {
      signal(vswitchd, 'SIGCONT');
      for (const pid of stopped) signal(pid, 'SIGCONT');
      child.kill('SIGKILL');
    }
  }, 120_000);
});
