/**
 * Two applies at once, and a lock left behind. Before, the plan was read before the lock:
 * in about 1 run of 20, both applies planned the same creations, one exited 0 and the
 * other's rollback removed its work. Now each takes every host's lock (sorted) before it
 * reads anything: the loser is refused, or — when it starts after the winner finished —
 * plans nothing; never a rollback, never a lost object.
 */
import { hostname, tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, scenario, skipReason, vsh } from './support.js';

const skip = skipReason();
const RUNS = 20; // pairs each way (issue 12)

describe.skipIf(!!skip)(`e2e: concurrent applies and stale locks${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  const script = () => [lab.inventory, scenario('gre-vlan-namespaces.vnet')];
  beforeAll(async () => {
    lab = await Lab.up('concurrency');
  }, 60_000);
  afterAll(async () => {
    await lab?.ssh('hostB', 'rm -rf /run/vsh/apply-hostB.lock');
    await lab?.down();
  }, 60_000);

  it(`two applies of one script at once, ${RUNS} times each way: one wins, the other is refused or finds nothing to do; nothing lost`, async () => {
    // The race needs work on both hosts, not size: each round's script (one file, so one project)
    // names a new veth per host, so its apply removes the last round's and makes this one (a
    // veth, its OVS port and address) — no destroy in between. Two hosts: the locks are taken
    // in order across hosts.
    const dir = mkdtempSync(join(tmpdir(), 'vsh-concurrency-'));
    const round = join(dir, 'race.vnet');
    const files = [lab.inventory, round];
    const tally = { refused: 0, nothingToDo: 0 };
    for (let i = 0; i < RUNS * 2; i++) {
      writeFileSync(round, ['hostA', 'hostB'].map((h, n) => `bridge br-race on ${h}\nnamespace race\nport q${i}-p type veth peer race:e${i} address 10.77.0.${n + 1}/24\n`).join(''));
      // Each way: which of the two starts first alternates; the second follows within a few ms.
      const first = vsh(['apply', ...files], { timeoutMs: 60_000 });
      await new Promise((r) => setTimeout(r, i % 2 ? 30 : 0));
      const second = vsh(['apply', ...files], { timeoutMs: 60_000 });
      const runs = await Promise.all([first, second]);
      for (const r of runs) expect(r.stderr).not.toMatch(/rolled back|apply failed/);
      const winners = runs.filter((r) => /^applied \d+ steps$/m.test(r.stdout));
      expect(winners).toHaveLength(1);
      const loser = runs.find((r) => !winners.includes(r))!;
      if (loser.code === 1) {
        expect(loser.stderr).toMatch(/^apply refused: another vsh apply holds the lock on host[AB] \(\/run\/vsh\/apply-host[AB]\.lock\): apply of project 'race' by pid \d+ on .*\. Nothing was changed; try again when it has finished$/m);
        tally.refused++;
      } else {
        expect(loser.code).toBe(0);
        expect(loser.stdout).toContain('No changes: the hosts match the model.');
        tally.nothingToDo++;
      }
      const diff = await vsh(['diff', ...files]);
      expect(diff.stdout).toContain('No differences');
      expect(diff.code).toBe(0);
    }
    expect((await vsh(['destroy', ...files])).code).toBe(0);
    for (const h of ['hostA', 'hostB']) expect(await lab.sh(h, 'ip netns list; ovs-vsctl list-br; ip -br link')).not.toMatch(/^(race|br-race|q\d+-p)\b/m);
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`concurrency: ${RUNS * 2} pairs, loser refused ${tally.refused}, loser found nothing to do ${tally.nothingToDo}\n`);
  }, 1_200_000);

  it('a lock whose vsh is gone (this machine, pid not running) is taken over with a message; one from another machine is refused until vsh unlock --force', async () => {
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim());
    const dir = '/run/vsh/apply-hostB.lock';
    const ghost = (controller: string) => `controller=${controller} pid=${dead} since=${new Date().toISOString()} project=gre-vlan-namespaces command=apply\n`;
    // The lock as a vsh killed before its first change leaves it, on hostB itself (a lab host has its own /run).
    await lab.sh('hostB', `mkdir -p ${dir} && cat > ${dir}/holder`, ghost(hostname()));
    const taken = await vsh(['apply', ...script()]);
    expect(taken.stderr).toMatch(new RegExp(`^hostB: the apply of project 'gre-vlan-namespaces' by pid ${dead} on .* did not finish \\(that process is gone\\); it had changed nothing$`, 'm'));
    expect(taken.code).toBe(0);

    await lab.sh('hostB', `mkdir -p ${dir} && cat > ${dir}/holder`, ghost('another-controller'));
    // …with a journal: it had made a namespace (and would have made another) when it died.
    await lab.sh('hostB', 'ip netns add ghost1');
    const journal = ['{"holder":"ghost"}', '{"object":"namespace ghost1","undo":[{"argv":["ip","netns","del","ghost1"]}]}', '{"object":"namespace ghost2","undo":[{"argv":["ip","netns","del","ghost2"]}]}', '{"upto":0}', '{"upto":1}'];
    await lab.sh('hostB', `cat > ${dir}/journal`, journal.join('\n') + '\n');
    const refused = await vsh(['apply', ...script()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`apply refused: another vsh apply holds the lock on hostB (${dir}): apply of project 'gre-vlan-namespaces' by pid ${dead} on another-controller`);
    expect(refused.stderr).toContain(`(if it is not running any more: vsh unlock ${lab.inventory} ${scenario('gre-vlan-namespaces.vnet')} --hosts hostB --force)`);
    const keep = await vsh(['unlock', ...script(), '--hosts', 'hostB']);
    expect(keep.code).toBe(1);
    expect(keep.stderr).toContain('vsh cannot tell from here whether it still runs: if you know it does not, add --force');
    const unlock = await vsh(['unlock', ...script(), '--hosts', 'hostB', '--force']);
    expect(unlock.stdout).toMatch(/^hostB: unlocked \(it was held by apply of project 'gre-vlan-namespaces' by pid \d+ on another-controller/m);
    expect(unlock.stderr).toMatch(/^hostB: the apply of project 'gre-vlan-namespaces' .* did not finish \(that process is gone\); rolling back its 1 step before reading hostB$/m);
    expect(unlock.stderr).toMatch(/^hostB: rolled back the unfinished apply in [\d.]+ s$/m);
    expect(unlock.code).toBe(0);
    expect(await lab.sh('hostB', 'ip netns list')).not.toContain('ghost1');
    const again = await vsh(['unlock', ...script()]);
    expect(again.stdout).toBe('hostA: not locked\nhostB: not locked\n');
    expect((await vsh(['apply', ...script()])).code).toBe(0);
  }, 120_000);
});
