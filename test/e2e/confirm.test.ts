/**
 * `vsh apply` on a terminal (a pseudo-terminal from util-linux `script`): the plan is shown
 * and a question asked; "n" changes nothing (exit 1), "y" applies. Without a terminal, or
 * with -y, nobody is asked.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, run, skipReason, VSH, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const skip = skipReason() || (hasScript ? '' : 'util-linux script is not installed');

describe.skipIf(skipping('e2e', skip))(`e2e: apply asks on a terminal${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: Lab;
  let dir: string;
  let file: string;
  /** `vsh ARGS` with a pseudo-terminal as stdin and stdout, `answer` typed into it. Paths are the test's own (no user text). */
  const onTerminal = (args: string[], answer: string) => run(['script', '-qfec', [VSH, ...args].join(' '), '/dev/null'], { input: answer, timeoutMs: 60_000 });
  const hasBridge = async () => (await lab.ssh('hostA', 'ip link show dev brq')).code === 0;

  beforeAll(async () => {
    lab = await Lab.up('confirm', { hosts: 1 });
    dir = mkdtempSync(join(tmpdir(), 'vsh-e2e-confirm-'));
    file = join(dir, 'q.vnet');
    writeFileSync(file, 'bridge brq on hostA kind linux\n');
  }, 60_000);
  afterAll(async () => {
    await lab?.down();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('shows the plan and asks; n changes nothing and exits 1', async () => {
    const r = await onTerminal(['apply', lab.inventory, file], 'n\n');
    expect(r.stdout).toContain('+ bridge brq (linux)');
    expect(r.stdout).toContain('Plan: 2 to add, 0 to change, 0 to remove.');
    expect(r.stdout).toContain('apply these 2 changes on hostA? (y/N, -y skips this)');
    expect(r.stdout).toContain('apply cancelled: nothing was changed.');
    expect(r.code).toBe(1);
    expect(await hasBridge()).toBe(false);
  }, 60_000);

  it('y applies', async () => {
    const r = await onTerminal(['apply', lab.inventory, file], 'y\n');
    expect(r.stdout).toContain('applied 2 steps');
    // Progress on a terminal: the host's line redrawn in place (erase line), a full bar at the end.
    expect(r.stdout).toContain(`\x1b[2KhostA  [${'#'.repeat(24)}] 2/2 done`);
    expect(r.code).toBe(0);
    expect(await hasBridge()).toBe(true);
  }, 60_000);

  it('-y on a terminal, and any run without one, apply without asking', async () => {
    const d = await onTerminal(['destroy', '-y', lab.inventory, file], '');
    expect(d.stdout).not.toContain('?');
    expect(d.code).toBe(0);
    expect(await hasBridge()).toBe(false);
    const a = await vsh(['apply', lab.inventory, file]); // stdin is a pipe here
    expect(a.stdout).not.toContain('(y/N');
    // Progress without a terminal: plain lines, no escapes, no bar.
    expect(a.stderr).toContain('hostA: applying 0/2\nhostA: done 2/2\n');
    expect(a.stderr).not.toMatch(/\x1b|\[#/);
    expect(a.code).toBe(0);
    expect(await hasBridge()).toBe(true);
  }, 60_000);
});
