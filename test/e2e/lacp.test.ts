/**
 * An LACP bond with no partner is warned about after apply (src/commands/lacp-partners.ts),
 * on a real 2-host lab: two OVS 802.3ad bonds wired to each other negotiate (no warning,
 * traffic passes); with the far end a plain active-backup bond, the near one has nobody to
 * negotiate with and apply says so, naming the bond, its host and its members — and still
 * exits 0 (a warning, not a failure). The "cables" are VXLAN devices the test makes on both
 * hosts over the lab's underlay, as NICs wired back to back would be.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, run, scenario, skipReason, VSH, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const skip = skipReason();
const PAIR = scenario('lacp-pair.vnet');

describe.skipIf(skipping('e2e', skip))(`e2e: an LACP bond without a partner warns after apply${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let tmp: string;
  let lonely: string;

  beforeAll(async () => {
    lab = await Lab.up('lacp');
    tmp = mkdtempSync(join(tmpdir(), 'vsh-e2e-lacp-'));
    // The far end without LACP: hostB's bond is active-backup (OVS sends no LACP then).
    lonely = join(tmp, 'lonely.vnet');
    const text = readFileSync(PAIR, 'utf8');
    writeFileSync(lonely, text.replace('bond bond1 on br-bond slaves cab-a,cab-b mode 802.3ad', 'bond bond1 on br-bond slaves cab-a,cab-b mode active-backup').replace(/^expect .*$/m, ''));
    const underlay = (host: string) => new RegExp(`^host ${host} .* underlay (\\S+)`, 'm').exec(readFileSync(lab.inventory, 'utf8'))![1]!;
    for (const [host, peer] of [['hostA', underlay('hostB')], ['hostB', underlay('hostA')]] as const) {
      await lab.sh(host, `ip link add cab-a type vxlan id 101 remote ${peer} dstport 4789 && ip link add cab-b type vxlan id 102 remote ${peer} dstport 4789 && ip link set cab-a up && ip link set cab-b up`);
    }
  }, 90_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it('two 802.3ad bonds wired to each other negotiate: no warning, and traffic crosses them', async () => {
    const r = await vsh(['run', lab.inventory, PAIR]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toContain('passed: expect reach web@hostA 10.30.0.2');
    expect(r.stderr).not.toContain('LACP');
    expect(await lab.sh('hostA', 'ovs-appctl lacp/show bond0')).toMatch(/member: cab-a: current attached/);
    expect((await vsh(['destroy', lab.inventory, PAIR])).code).toBe(0);
  }, 90_000);

  it('with nobody to negotiate with, apply warns about that bond (and only it), names its members, and still exits 0; --json carries the warning', async () => {
    const r = await vsh(['apply', lab.inventory, lonely]);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).toMatch(/^warning: bond bond0 on hostA: no LACP partner answered within 5 s on cab-a \([a-z ]+\), cab-b \([a-z ]+\); every member stays disabled/m);
    expect(r.stderr).toContain('ovs-appctl lacp/show bond0');
    expect(r.stderr).not.toContain('bond bond1');
    // A second apply changes nothing: the bond is read once, and still warned about.
    const again = await vsh(['apply', '--json', lab.inventory, lonely]);
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout) as { changes: number; warnings?: string[] };
    expect(json.changes).toBe(0);
    expect(json.warnings).toHaveLength(1);
    expect(json.warnings![0]).toMatch(/^warning: bond bond0 on hostA: no LACP partner answered on cab-a/);
    // The shell's apply warns the same way.
    const repl = await run([VSH, 'repl', lab.inventory, lonely], { input: 'apply\nexit\nexit\n', timeoutMs: 60_000 });
    expect(repl.code, repl.stderr).toBe(0);
    expect(repl.stdout).toContain('No changes: the hosts match the model.');
    expect(repl.stdout).toMatch(/^warning: bond bond0 on hostA: no LACP partner answered on cab-a/m);
    expect((await vsh(['destroy', lab.inventory, lonely])).code).toBe(0);
  }, 120_000);
});
