/**
 * Fault injection: a step fails on the second host after the first host applied.
 *
 * Out of band, the test makes a Linux bridge `oobbr` on hostB. The script (fault.vnet) takes
 * it for a NIC to enslave to the Linux bridge lbr0 — the kernel refuses to enslave a bridge
 * to a bridge, in hostB's wiring phase. By then hostA's whole plan (one OVS transaction)
 * has taken effect (the test holds hostB in its OVS batch until vsh reports hostA done), and
 * hostB's namespace, devices and OVS ports too. `vsh apply` must exit
 * 1, name the host, the step, the command, its exit code and its stderr, undo every
 * completed step on both hosts — and leave both hosts EXACTLY as before (full state).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Lab, processesIn, scenario, skipReason, traced, vsh, waitFor, type HostState, type Run } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();

describe.skipIf(skipping('e2e', skip))(`e2e: a step failing on the second host rolls both hosts back${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let before: Record<string, HostState>;
  beforeAll(async () => {
    lab = await Lab.up('fault');
    await lab.sh('hostB', 'ip link add oobbr type bridge'); // the out-of-band conflict
    before = await lab.states();
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
  }, 60_000);

  it('vsh apply exits 1 naming host, step, command, exit code and stderr, and says what it rolled back', async () => {
    // Make "after the first host applied" certain, not a race: hostB's ovs-vswitchd is stopped,
    // so hostB waits in its OVS batch (its namespace and devices done) until vsh reports hostA
    // done; then the switch goes on and hostB reaches the failing step.
    const vswitchd = Number(readFileSync(join(lab.runDir('hostB'), 'openvswitch/ovs-vswitchd.pid'), 'utf8'));
    let progress = '';
    process.kill(vswitchd, 'SIGSTOP');
    let r: Run;
    try {
      const applying = vsh(['apply', lab.inventory, scenario('fault.vnet')], { env: { VSH_TRACE: '1' }, onStderr: (t) => (progress += t) });
      const held = await waitFor(() => progress.includes('hostA: done') && processesIn(lab.netns('hostB')).some((p) => p.cmd.startsWith('ovs-vsctl') && p.cmd.includes('add-br br-f')), 20_000);
      expect(held).toBe(true);
      process.kill(vswitchd, 'SIGCONT');
      r = await applying;
    } finally {
      process.kill(vswitchd, 'SIGCONT');
    }
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("apply failed on hostB, step 'port oobbr on lbr0': exit 2\n");
    expect(r.stderr).toContain('  command: ip link set dev oobbr master lbr0\n');
    expect(r.stderr).toContain('  stderr:  Error: Can not enslave a bridge to a bridge.\n');
    const rolled = /^rolled back \d+ steps: (.*)$/m.exec(r.stderr)?.[1]?.split(', ') ?? [];
    // hostA had finished (its one transaction) before hostB failed: its steps are undone too.
    expect(rolled).toEqual(expect.arrayContaining(['bridge br-f@hostA', 'tunnel gre-hostB on br-f@hostA']));
    expect(rolled).toEqual(expect.arrayContaining(['namespace fb@hostB', 'bridge lbr0 (linux)@hostB', 'veth fb-p (peer fb:eth0)@hostB', 'bridge br-f@hostB', 'port fb-p on lbr0@hostB']));
    expect(r.stderr).not.toContain('could not undo');
    // The order of events on the wire: hostA's transaction ran and was undone after hostB's failure.
    const a = traced(r.stderr).get('hostA')!;
    expect(a.findIndex((c) => c.startsWith('ovs-vsctl --may-exist add-br br-f'))).toBeGreaterThan(0);
    // Its undo is one transaction too (rollback batches like apply).
    expect(a.findIndex((c) => c.startsWith('ovs-vsctl') && c.includes('--if-exists del-br br-f'))).toBeGreaterThan(a.findIndex((c) => c.includes('add-br br-f')));
    expect(r.stderr.indexOf('hostA: done')).toBeLessThan(r.stderr.indexOf('hostB: failed'));
  }, 40_000);

  it('both hosts end exactly as before (ip -json link of host and namespaces, addresses, routes, OVS)', async () => {
    const after = await lab.states();
    expect(after.hostA).toEqual(before.hostA);
    expect(after.hostB).toEqual(before.hostB);
    // The out-of-band bridge is still there, untouched, and no lock is left behind (the takes count beside it stays: host-lock.ts).
    expect(await lab.sh('hostB', 'ip -o link show oobbr | grep -c oobbr; ls -d /run/vsh/*.lock 2>/dev/null | wc -l')).toBe('1\n0\n');
  }, 20_000);

  it('the same failure through --json reports it as data', async () => {
    const r = await vsh(['apply', '--json', lab.inventory, scenario('fault.vnet')]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: false, failure: { host: 'hostB', step: 'port oobbr on lbr0', command: 'ip link set dev oobbr master lbr0', code: 2 } });
    expect(out.failure.stderr).toContain('Can not enslave a bridge to a bridge');
    expect(out.rolledBack).toBeGreaterThanOrEqual(7);
    expect(await lab.states()).toEqual(before);
  }, 40_000);
});
