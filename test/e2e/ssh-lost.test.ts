/**
 * The SSH connection to a host dies in the middle of an apply.
 *
 * Deterministic timing: the test stops hostB's ovs-vswitchd (SIGSTOP), so hostB's OVS
 * transaction — its second batch, after its namespaces and devices took effect — commits to
 * ovsdb and then waits for the switch. Once that ovs-vsctl shows up in hostB's namespace and
 * vsh reports hostA done (its whole plan applied), the test kills hostB's sshd session process (the one serving vsh's connection) from the root
 * namespace, then lets the switch go on (SIGCONT).
 *
 * 1. Session killed, sshd still listening: vsh fails at once with an error naming hostB and
 *    the step, rolls hostA back, reconnects to hostB to undo what it had done there — both
 *    hosts end exactly as before — and does not hang.
 * 2. hostB's sshd stopped too (via its pidfile): hostA is rolled back; what vsh could not
 *    undo on hostB is listed by step with "check this host by hand"; no hang.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, processesIn, scenario, skipReason, vsh, waitFor, type HostState, type Run } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

const pidfile = (path: string) => Number(readFileSync(path, 'utf8').trim());
const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    /* gone already */
  }
};

describe.skipIf(skipping('e2e', skip))(`e2e: the SSH connection lost mid-apply${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let before: Record<string, HostState>;
  let vswitchd: number;
  beforeAll(async () => {
    lab = await Lab.up('sshlost');
    vswitchd = pidfile(join(lab.runDir('hostB'), 'openvswitch/ovs-vswitchd.pid'));
    before = await lab.states();
  }, 60_000);
  afterAll(async () => {
    if (vswitchd) signal(vswitchd, 'SIGCONT');
    await lab?.down();
  }, 60_000);

  /** Start `vsh apply`, wait until hostB's OVS batch is in flight, run `cut`, let the switch go on; the apply's result. */
  async function applyAndCut(cut: () => void): Promise<{ r: Run; caught: boolean; afterCutMs: number }> {
    signal(vswitchd, 'SIGSTOP');
    try {
      let progress = '';
      const applying = vsh(['apply', lab.inventory, scenario('long-apply.vnet')], { timeoutMs: 60_000, onStderr: (t) => (progress += t) });
      // hostB's OVS batch waits for the stopped switch, and hostA has finished its whole plan.
      const inFlight = await waitFor(
        () => progress.includes('hostA: done') && processesIn(lab.netns('hostB')).find((p) => p.cmd.startsWith('ovs-vsctl') && p.cmd.includes('add-br br-k')),
        20_000,
      );
      cut();
      const t0 = performance.now();
      signal(vswitchd, 'SIGCONT');
      const r = await applying;
      return { r, caught: inFlight !== undefined, afterCutMs: performance.now() - t0 };
    } finally {
      signal(vswitchd, 'SIGCONT');
    }
  }

  const sshdPid = () => pidfile(join(lab.runDir('hostB'), 'sshd.pid'));
  const killSessions = (listener: number) => {
    const sessions = processesIn(lab.netns('hostB')).filter((p) => p.cmd.startsWith('sshd:') && p.pid !== listener);
    expect(sessions.length).toBeGreaterThan(0);
    for (const s of sessions) signal(s.pid, 'SIGKILL');
  };

  it('session killed: a clear error naming hostB and the step; hostA rolled back; hostB undone over a new connection; no hang', async () => {
    const listener = sshdPid();
    const { r, caught, afterCutMs } = await applyAndCut(() => killSessions(listener));
    expect(caught).toBe(true);
    expect(r.code).toBe(1);
    expect(afterCutMs).toBeLessThan(15_000); // no hang: it notices the lost connection at once
    expect(r.stderr).toMatch(/^apply failed on hostB, step 'bridge br-k': hostB: connection lost \(.+\) \(one batch of \d+ steps, 'bridge br-k' … '[^']+'; how far it got is unknown\)$/m);
    const rolled = /^rolled back \d+ steps: (.*)$/m.exec(r.stderr)?.[1]?.split(', ') ?? [];
    expect(rolled).toEqual(expect.arrayContaining(['bridge br-k@hostA', 'namespace ka@hostA', 'namespace kb@hostB', 'bridge br-k@hostB']));
    // Both hosts are back as they were, hostB included (its OVS transaction had committed).
    await waitFor(async () => (await lab.ssh('hostB', 'pgrep -x ovs-vsctl')).code === 1 || undefined, 10_000); // the orphaned ovs-vsctl is done
    const after = await lab.states();
    expect(after.hostA).toEqual(before.hostA);
    expect(after.hostB).toEqual(before.hostB);
  }, 60_000);

  it('sshd stopped too: hostA rolled back, what could not be undone on hostB is named; no hang', async () => {
    const listener = sshdPid();
    const { r, caught, afterCutMs } = await applyAndCut(() => {
      signal(listener, 'SIGTERM');
      killSessions(listener);
    });
    expect(caught).toBe(true);
    expect(r.code).toBe(1);
    expect(afterCutMs).toBeLessThan(20_000);
    expect(r.stderr).toMatch(/^apply failed on hostB, step 'bridge br-k': hostB: connection lost/m);
    expect(r.stderr).toMatch(/^ {2}could not undo 'namespace kb' on hostB: hostB: cannot connect to [\d.]+:22: connect ECONNREFUSED .* — check this host by hand$/m);
    expect(await lab.state('hostA')).toEqual(before.hostA);
  }, 60_000);
});
