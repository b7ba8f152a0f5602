/**
 * Ctrl-C during a large apply: vsh stops after the running batch, rolls every host back,
 * and reports what it undid as a count per host and kind — one short line per host, not
 * every object's name on one line. hostA applies 40 namespaces and veths on a Linux bridge;
 * hostB is held in its OVS transaction (its ovs-vswitchd stopped) so the interrupt lands
 * mid-apply, for certain. Both hosts end as they were.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, processesIn, skipReason, VSH, waitFor, type HostState } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();
const N = 20;

describe.skipIf(skipping('e2e', skip))(`e2e: Ctrl-C rolls back and counts what it undid${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let dir: string;
  let before: Record<string, HostState>;
  const script = () => join(dir, 'many.vnet');

  beforeAll(async () => {
    lab = await Lab.up('interrupt');
    dir = mkdtempSync(join(tmpdir(), 'vsh-e2e-interrupt-'));
    const lines = ['bridge lbi on hostA kind linux'];
    for (let i = 0; i < N; i++) lines.push(`namespace ni${i}`, `port pi${i} on lbi type veth peer ni${i}:eth0 address 10.11.${i}.1/24`);
    lines.push('bridge br-i on hostB', 'namespace nb', 'port nb-p on br-i type veth peer nb:eth0 address 10.11.99.2/24');
    writeFileSync(script(), lines.join('\n') + '\n');
    before = await lab.states();
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('reports the rollback per host and kind, and leaves both hosts as before', async () => {
    const vswitchd = Number(readFileSync(join(lab.runDir('hostB'), 'openvswitch/ovs-vswitchd.pid'), 'utf8'));
    let progress = '';
    process.kill(vswitchd, 'SIGSTOP');
    let r;
    try {
      const child = execa(VSH, ['apply', lab.inventory, script()], { reject: false, timeout: 60_000, input: '', env: { NO_COLOR: '1' } });
      child.stderr?.on('data', (d: Buffer) => (progress += d.toString('utf8')));
      const held = await waitFor(() => progress.includes('hostA: done') && processesIn(lab.netns('hostB')).some((p) => p.cmd.startsWith('ovs-vsctl') && p.cmd.includes('add-br br-i')), 30_000);
      expect(held).toBe(true);
      child.kill('SIGINT');
      await waitFor(() => progress.includes('interrupted') || undefined, 5_000);
      process.kill(vswitchd, 'SIGCONT');
      r = await child;
    } finally {
      process.kill(vswitchd, 'SIGCONT');
    }
    const stderr = String(r.stderr);
    expect(r.exitCode).toBe(1);
    expect(stderr).toMatch(/interrupted( \(Ctrl-C\))?: stopping after the current batch and rolling back/);
    const report = /^rolled back (\d+) steps:\n((?: {2}.*\n?)+)/m.exec(stderr);
    expect(report, stderr).not.toBeNull();
    const rows = report![2]!.trimEnd().split('\n');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^  hostA: .*namespace ×${N}`));
    expect(rows[0]).toMatch(new RegExp(`veth ×${N}`));
    expect(rows[1]).toMatch(/^ {2}hostB: .*namespace/);
    for (const row of rows) expect(row.length).toBeLessThan(120);
    expect(stderr).not.toContain('could not undo');
    const after = await lab.states();
    expect(after.hostA).toEqual(before.hostA);
    expect(after.hostB).toEqual(before.hostB);
  }, 90_000);
});
