/**
 * Rollback is batched like apply. A 2000-step apply on one lab host (500 namespaces, each
 * with a veth on an OVS bridge, addresses and VLAN tags) fails on its very last step, so
 * every step is undone; the undo must take no more than 1.5x the round trips and (alone on
 * the machine) the time of a clean apply of the same script (before, it took one round trip per undo command
 * that needed the shell: ~1500). Figures are printed for the closing note.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipping } from '../support/skip.js';
import { Lab, skipReason, vsh } from './support.js';

const skip = skipReason();
const NAMESPACES = 500;

/** The `VSH_TRACE=1` lines: one per round trip, with its time and exit code. */
function trips(stderr: string): { ms: number; code: string; argv: string }[] {
  return [...stderr.matchAll(/^vsh-trace \S+ \d+ ([\d.]+) (\S+) (.*)$/gm)].map((m) => ({ ms: Number(m[1]), code: m[2]!, argv: m[3]! }));
}

describe.skipIf(skipping('e2e', skip))(`e2e: rollback of a 2000-step apply is batched${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  const dir = mkdtempSync(join(tmpdir(), 'vsh-rollback-'));
  const script = join(dir, 'rb.vnet');
  const failing = join(dir, 'rb-failing.vnet');
  beforeAll(async () => {
    lab = await Lab.up('rollback', { hosts: 1 });
    let text = 'bridge br-rb on hostA\n';
    for (let i = 0; i < NAMESPACES; i++) text += `namespace r${i}\nport r${i}-p type veth peer r${i}:eth0 address 10.${60 + Math.floor(i / 250)}.${i % 250}.1/24 tag ${10 + (i % 100)}\n`;
    writeFileSync(script, text);
    // The last step fails: a Linux bridge made out of band cannot be enslaved to another.
    writeFileSync(failing, text + 'bridge lbr0 on hostA kind linux\nport oob on lbr0\n');
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('undoing every step takes at most 1.5x the round trips and the time of the apply', async () => {
    const before = await lab.state('hostA');
    const apply = await vsh(['apply', lab.inventory, script], { env: { VSH_TRACE: '1' }, timeoutMs: 300_000 });
    expect(apply.code, apply.stderr.slice(-2000)).toBe(0);
    const applyTrips = trips(apply.stderr);
    expect((await vsh(['destroy', lab.inventory, script], { timeoutMs: 300_000 })).code).toBe(0);

    await lab.sh('hostA', 'ip link add oob type bridge');
    const failed = await vsh(['apply', lab.inventory, failing], { env: { VSH_TRACE: '1' }, timeoutMs: 300_000 });
    await lab.sh('hostA', 'ip link del oob');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^rolled back 2003 steps/m);
    expect(failed.stderr).not.toMatch(/could not undo/);
    const all = trips(failed.stderr);
    const undo = all.slice(all.findIndex((t) => t.code !== '0') + 1).filter((t) => !t.argv.startsWith('rm -rf /run/vsh/'));
    const undoMs = undo.reduce((n, t) => n + t.ms, 0);
    process.stderr.write(
      `rollback vs apply (${NAMESPACES} namespaces, 2001 steps on one host): apply ${applyTrips.length} round trips, ${(apply.ms / 1000).toFixed(1)} s (wall); ` +
        `rollback of 2003 steps ${undo.length} round trips, ${(undoMs / 1000).toFixed(1)} s (${(undoMs / apply.ms).toFixed(2)}x)\n`,
    );
    expect(undo.length).toBeLessThanOrEqual(Math.floor(applyTrips.length * 1.5));
    // Issue 12's bound. Measured 0.53x in the whole e2e suite (2026-12-05): most of the undo is the
    // host's own work (ovs-vswitchd ~28 ms per deleted port, the kernel ~10 ms per veth), and the
    // apply pays as much for the same objects plus its reads.
    expect(undoMs).toBeLessThanOrEqual(apply.ms * 1.5);
    expect((await vsh(['plan', '--destroy', lab.inventory, script])).stdout).toContain('No changes');
    expect(await lab.state('hostA')).toEqual(before);
  }, 900_000);
});
