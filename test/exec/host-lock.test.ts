/** The per-host apply lock, on this machine's real /run/vsh: sorted, all-or-nothing, says who holds it, finds a gone holder. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { freeTakes, holderGone, lockDir, lookCommand, me, parseHolder, releaseLocks, takeLocks, takesFile } from '../../src/exec/host-lock.js';
import { LocalExecutor } from '../../src/exec/local.js';

const tag = `t${process.pid}`;
const hosts = [`${tag}-b`, `${tag}-a`];
const exec = (h: string) => new LocalExecutor(h);
const hint = (h: string) => `vsh unlock x.vnet --hosts ${h}`;
afterAll(() => {
  for (const h of hosts) {
    rmSync(lockDir(h), { recursive: true, force: true });
    rmSync(takesFile(h), { force: true });
  }
});

describe.skipIf(process.getuid?.() !== 0)('host locks', () => {
  it('takes every lock in sorted order and records its holder', async () => {
    const before = await new LocalExecutor(`${tag}-a`).run(lookCommand(`${tag}-a`));
    const count = freeTakes(before.stdout);
    expect(count).toBeTypeOf('number');
    const taken = await takeLocks(hosts, exec, me('proj', 'apply'), hint);
    expect(taken.locked).toEqual([`${tag}-a`, `${tag}-b`]);
    // Each take counts one more (apply-command.ts reuses a read when the count moved by exactly its own take).
    expect(taken.takes?.get(`${tag}-a`)).toBe(count! + 1);
    expect(freeTakes((await new LocalExecutor(`${tag}-a`).run(lookCommand(`${tag}-a`))).stdout)).toBeUndefined(); // locked now
    const holder = parseHolder(readFileSync(`${lockDir(`${tag}-a`)}/holder`, 'utf8'))!;
    expect(holder).toMatchObject({ pid: process.pid, project: 'proj', command: 'apply' });
    expect(Date.now() - Date.parse(holder.since)).toBeLessThan(10_000);
    await releaseLocks(taken.locked, exec);
    expect(existsSync(lockDir(`${tag}-a`))).toBe(false);
  });

  it('a second run is refused with who holds it, and gives back what it took', async () => {
    const first = await takeLocks([`${tag}-b`], exec, me('proj', 'apply'), hint);
    const second = await takeLocks(hosts, exec, me('other', 'destroy'), hint);
    expect(second.locked).toEqual([]);
    expect(second.failure?.host).toBe(`${tag}-b`);
    expect(second.failure?.error).toMatch(new RegExp(`^another vsh apply holds the lock on ${tag}-b \\(/run/vsh/apply-${tag}-b\\.lock\\): apply of project 'proj' by pid ${process.pid} on .* since .*\\. Nothing was changed`));
    expect(existsSync(lockDir(`${tag}-a`))).toBe(false); // taken first (sorted), then given back
    await releaseLocks(first.locked, exec);
  });

  it('a lock caught before its holder line is written is refused with that holder, once the line appears', async () => {
    // The window between the winner's mkdir and its holder line, held open: the line comes 200 ms later.
    execFileSync('mkdir', ['-p', lockDir(`${tag}-a`)]);
    const late = setTimeout(() => execFileSync('sh', ['-c', `printf '%s\\n' 'controller=elsewhere pid=4242 since=2026-01-01T00:00:00Z project=race command=apply' > ${lockDir(`${tag}-a`)}/holder`]), 200);
    try {
      const r = await takeLocks([`${tag}-a`], exec, me('proj', 'apply'), hint);
      expect(r.failure?.error).toMatch(new RegExp(`^another vsh apply holds the lock on ${tag}-a \\(.*\\): apply of project 'race' by pid 4242 on elsewhere `));
    } finally {
      clearTimeout(late);
      rmSync(lockDir(`${tag}-a`), { recursive: true, force: true });
    }
  });

  it('a lock whose holder is gone is reported with the command that clears it, never taken over', async () => {
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim()); // a pid that has exited
    const ghost = { ...me('proj', 'apply'), pid: dead };
    expect(holderGone(ghost)).toBe(true);
    expect(holderGone(me('proj', 'apply'))).toBe(false);
    expect(holderGone({ ...ghost, controller: 'another-machine' })).toBe(false); // its process cannot be seen from here
    await takeLocks([`${tag}-a`], exec, ghost, hint);
    const r = await takeLocks([`${tag}-a`], exec, me('proj', 'apply'), hint);
    expect(r.failure?.error).toMatch(new RegExp(`^the lock on ${tag}-a \\(.*\\) is stale: its holder is gone \\(apply of project 'proj' by pid ${dead} .*that process is not running\\)\\. Nothing was changed\\. If no vsh is working on ${tag}-a, clear it with: vsh unlock x\\.vnet --hosts ${tag}-a$`));
    expect(parseHolder(readFileSync(`${lockDir(`${tag}-a`)}/holder`, 'utf8'))?.pid).toBe(dead); // still the ghost's
    await releaseLocks([`${tag}-a`], exec);
  });
});
