/**
 * Two projects on one bridge (real lab). Each script declares the bridge and a namespace
 * of its own on it; they are applied at the same moment, 20 times each way. The host lock lets
 * one through and refuses the other clearly (or the other runs after it); once both are
 * applied the bridge has both as owners. Destroying either one leaves the bridge and the
 * other's objects exactly as its script says; destroying the last owner removes the bridge.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipping } from '../support/skip.js';
import { Lab, skipReason, vsh, type Run } from './support.js';

const skip = skipReason();
const RUNS = 20; // pairs each way (issue 12)

describe.skipIf(skipping('e2e', skip))(`e2e: two projects share a bridge${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  const dir = mkdtempSync(join(tmpdir(), 'vsh-shared-'));
  const scripts = { left: join(dir, 'left.vnet'), right: join(dir, 'right.vnet') };
  beforeAll(async () => {
    lab = await Lab.up('shared', { hosts: 1 });
  }, 60_000);
  afterAll(async () => {
    for (const s of Object.values(scripts)) await vsh(['destroy', lab.inventory, s]).catch(() => undefined);
    await lab?.down();
    rmSync(dir, { recursive: true, force: true });
  }, 90_000);

  const apply = (s: string) => vsh(['apply', lab.inventory, s], { timeoutMs: 90_000 });
  const refused = (r: Run) => r.code === 1 && /apply refused: another vsh apply holds the lock on hostA/.test(r.stderr);

  it(`applied at once ${RUNS} times each way: one waits its turn (a clear refusal), nothing is lost, the bridge goes with its last owner`, async () => {
    // Each round both scripts move to a new bridge (br-sN, made by whichever apply runs first,
    // shared by the other): the race to make one bridge is run every round without a destroy
    // in between, and the last round's bridge is released by the first and deleted by the
    // second — its last owner — in the same applies.
    const write = (i: number) => {
      writeFileSync(scripts.left, `bridge br-s${i} on hostA\nnamespace sl\nport sl${i}-p type veth peer sl:e${i} address 10.81.0.1/24\n`);
      writeFileSync(scripts.right, `bridge br-s${i} on hostA\nnamespace sr\nport sr${i}-p type veth peer sr:e${i} address 10.81.0.2/24\n`);
    };
    let refusals = 0;
    for (let i = 0; i < RUNS * 2; i++) {
      write(i);
      const [first, second] = i % 2 ? [scripts.right, scripts.left] : [scripts.left, scripts.right];
      const results = await Promise.all([apply(first), apply(second)]);
      for (const [k, r] of results.entries()) {
        if (r.code === 0) continue;
        expect(refused(r), r.stderr).toBe(true); // never a rollback, never another failure
        refusals++;
        expect((await apply(k === 0 ? first : second)).code).toBe(0);
      }
      const host = await lab.sh('hostA', `ovs-vsctl get Bridge br-s${i} external_ids; ovs-vsctl list-br`);
      expect(host).toMatch(/vsh=(left|right), vsh-owner\.(right|left)="1"/);
      expect(host.split('\n').filter((l) => l.startsWith('br-s'))).toEqual([`br-s${i}`]); // the last round's went with its last owner
      // diff takes no lock: both at once.
      for (const d of await Promise.all(Object.values(scripts).map((s) => vsh(['diff', lab.inventory, s])))) expect(d.stdout).toContain('No differences');
    }
    // Either owner's destroy first: the other's objects and the bridge stay as its script says; the last one's removes the bridge.
    for (const [gone, stays] of [[scripts.left, scripts.right], [scripts.right, scripts.left]] as const) {
      expect((await vsh(['destroy', lab.inventory, gone])).code).toBe(0);
      expect((await vsh(['diff', lab.inventory, stays])).stdout).toContain('No differences');
      expect((await vsh(['destroy', lab.inventory, stays])).code).toBe(0);
      expect(await lab.sh('hostA', 'ovs-vsctl list-br')).not.toContain('br-s');
      if (gone === scripts.left) for (const s of [gone, stays]) expect((await apply(s)).code).toBe(0);
    }
    process.stderr.write(`shared bridge: ${RUNS * 2} concurrent pairs, ${refusals} refused with the lock message and applied after, none lost\n`);
  }, 1_200_000);

  it('a Linux bridge and a namespace both projects declare: the alias lists both owners; either destroy takes only its own name off; the last one deletes', async () => {
    const files = { left: join(dir, 'left-linux.vnet'), right: join(dir, 'right-linux.vnet') };
    writeFileSync(files.left, 'bridge lb-sh on hostA kind linux\nnamespace shn\nport shl-p on lb-sh type veth peer shn:eth-l address 10.82.0.1/24\n');
    writeFileSync(files.right, 'bridge lb-sh on hostA kind linux\nnamespace shn\nnamespace shr\nport shr-p on lb-sh type veth peer shr:eth0 address 10.82.0.2/24\n');
    const marks = async () => (await lab.sh('hostA', 'echo "$(ip -j link show dev lb-sh 2>/dev/null | grep -o \'"ifalias":"[^"]*"\' || echo gone) $(ip -n shn -j link show dev lo 2>/dev/null | grep -o \'"ifalias":"[^"]*"\' || echo gone) $(ip -o link show dev shl-p 2>/dev/null | grep -o "master [^ ]*" || echo -)"')).trim();
    const converged = async (...which: string[]) => {
      for (const f of which) expect((await vsh(['diff', lab.inventory, f])).stdout, f).toContain('No differences');
    };
    for (const [first, second] of [[files.left, files.right], [files.right, files.left]] as const) {
      expect((await apply(first)).code).toBe(0);
      const plan = await vsh(['plan', lab.inventory, second]);
      expect(plan.stdout).toMatch(/~ bridge lb-sh[^\n]*\n\s+owners: (left|right)-linux -> (left|right)-linux,(right|left)-linux/);
      expect(plan.stdout).toMatch(/~ namespace shn[^\n]*\n\s+owners: /);
      expect((await apply(second)).code).toBe(0);
      const [a, b] = [first, second].map((f) => f.replace(/^.*\/|\.vnet$/g, ''));
      expect(await marks()).toBe(`"ifalias":"vsh:${a},${b}" "ifalias":"vsh:${a},${b}" master lb-sh`);
      await converged(first, second);
      // The maker drops it first: the bridge and the namespace stay, with the other owner's name alone.
      expect((await vsh(['destroy', lab.inventory, first])).code).toBe(0);
      expect(await lab.sh('hostA', 'ip -br link show master lb-sh | cut -d"@" -f1')).toBe(second === files.right ? 'shr-p\n' : 'shl-p\n');
      expect((await marks()).replace(/ master.*| -$/, '')).toBe(`"ifalias":"vsh:${b}" "ifalias":"vsh:${b}"`);
      await converged(second);
      // The last owner's destroy deletes them.
      expect((await vsh(['destroy', lab.inventory, second])).code).toBe(0);
      expect(await marks()).toBe('gone gone -');
    }
  }, 180_000);
});
