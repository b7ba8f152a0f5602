/**
 * A lab that `up` left half-made — by an error with rollback, by an error without it (as a
 * crash would), and by SIGKILL of the real CLI — is removed exactly: nothing of it stays,
 * nothing else goes. Root only.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LabError } from '../../src/lab/errors.js';
import { labDown, labStatusOf, labUp } from '../../src/lab/lab.js';
import { isAlive, selfRef } from '../../src/lab/processes.js';
import { readState, type LabState } from '../../src/lab/state.js';
import { ensureDown, isRoot, leftovers, makeSentinels, netnsNames, NOT_ROOT, NOTHING_LEFT, removeTemp, rootLinks, tempLabDir, tracesOf, vsh, type LabTraces } from './support.js';
import { skipping } from '../support/skip.js';

const injected = () => {
  throw new LabError('injected failure after the first host');
};

describe.skipIf(skipping('vsh lab crash', !isRoot && NOT_ROOT))(`vsh lab after a failure or a crash half-way through up${isRoot ? '' : ` (skipped: ${NOT_ROOT})`}`, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) {
      await ensureDown(d);
      removeTemp(d);
    }
  }, 60_000);

  it('a failing up removes what it made (rollback) and keeps a directory it did not create', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'vsh-lab-rollback-'));
    const dir = join(parent, 'lab');
    dirs.push(dir);
    writeFileSync(join(parent, 'mine.txt'), 'not the lab’s');
    // An existing, empty directory: the lab must leave it (empty) behind.
    const existing = mkdtempSync(join(parent, 'lab-'));
    dirs.push(existing);
    let traces: LabTraces | undefined;
    let daemons = 0;
    const err = await labUp({
      dir: existing,
      hosts: 3,
      concurrency: 1,
      afterHostUp: () => {
        traces = tracesOf(existing);
        daemons = Object.values(readState(existing)!.daemons).flatMap((d) => Object.values(d)).length;
        injected();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as LabError).message).toBe('lab up failed: injected failure after the first host');
    expect(daemons).toBe(3);
    expect(traces!.pids.length).toBeGreaterThanOrEqual(3);
    expect(leftovers(traces!)).toEqual(NOTHING_LEFT);
    expect(existsSync(existing)).toBe(true);
    expect(readdirSync(parent).sort()).toEqual([existing.split('/').pop(), 'mine.txt'].sort());
  }, 60_000);

  it('an up that stopped half-way (no rollback, as a crash) is removed by down; a live owner blocks others', async () => {
    const dir = tempLabDir('half');
    dirs.push(dir);
    const sentinels = makeSentinels();
    try {
      let traces: LabTraces | undefined;
      await expect(
        labUp({
          dir,
          hosts: 3,
          concurrency: 1,
          rollbackOnFailure: false,
          afterHostUp: () => {
            traces = tracesOf(dir);
            injected();
          },
        }),
      ).rejects.toThrow('injected failure');
      const state = readState(dir)!;
      expect(state.status).toBe('starting');
      expect(state.made.filter((r) => r.kind === 'netns').length).toBe(2); // underlay + hostA: hostB never started
      expect(leftovers(traces!).netns.length).toBe(2);
      const status = await labStatusOf(dir);
      expect(status.healthy).toBe(false);
      expect(status.problems[0]).toBe('the lab is starting');

      // While a live vsh owns the lab, another one refuses to touch it.
      writeFileSync(join(dir, 'lab.json'), JSON.stringify({ ...state, owner: selfRef() } satisfies LabState));
      const busy = vsh(['lab', 'down', '--dir', dir]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`vsh lab down: another vsh (pid ${process.pid}) is bringing it up in ${dir}`);
      expect(busy.stderr).not.toMatch(/\n\s+at /); // no stack trace

      const down = await labDown({ dir });
      expect(down.report?.problems).toEqual([]);
      expect(leftovers(traces!)).toEqual(NOTHING_LEFT);
      expect(existsSync(dir)).toBe(false);
      expect(netnsNames()).toContain(sentinels.netns);
      expect(rootLinks().map((l) => l.ifname)).toContain(sentinels.link);
    } finally {
      sentinels.remove();
    }
  }, 60_000);

  it('after `vsh lab up` is SIGKILLed mid-way, status says so, and the next up cleans up first and comes up', async () => {
    const dir = tempLabDir('kill');
    dirs.push(dir);
    const child = spawn('bin/vsh', ['lab', 'up', '--hosts', '8', '--dir', dir], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // Kill it once some host is half-made: its namespaces exist, its daemons are starting.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const s = existsSync(join(dir, 'lab.json')) ? readState(dir) : undefined;
      if (s?.made.some((r) => r.kind === 'mount' && r.holds === 'mnt')) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    await exited;
    const crashed = readState(dir);
    expect(crashed?.status).toBe('starting');
    const crashTraces = tracesOf(dir);
    expect(crashTraces.inodes.length).toBeGreaterThan(0);

    const status = vsh(['lab', 'status', '--dir', dir]);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('the vsh that was working on it is gone');

    const again = vsh(['lab', 'up', '--hosts', '2', '--dir', dir]);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`an earlier vsh (pid ${crashed!.owner!.pid}) stopped while bringing up this lab; removing what it left`);
    expect(again.stdout).toContain('lab up: 2 hosts');
    // Nothing of the crashed lab runs any more; the namespaces named like it are the new lab's (same directory, same id).
    expect(crashTraces.pids.filter(isAlive)).toEqual([]);
    const newTraces = tracesOf(dir);
    expect(Object.values(readState(dir)!.daemons).flatMap((d) => Object.values(d))).toHaveLength(6);
    expect(leftovers(crashTraces).netns.sort()).toEqual([`vsh-${crashTraces.id}-hostA`, `vsh-${crashTraces.id}-hostB`, `vsh-${crashTraces.id}-underlay`]);
    expect((await labStatusOf(dir)).healthy).toBe(true);

    expect(vsh(['lab', 'down', '--dir', dir]).code).toBe(0);
    expect(leftovers(newTraces)).toEqual(NOTHING_LEFT);
    expect(leftovers(crashTraces)).toEqual(NOTHING_LEFT);
  }, 90_000);
});
