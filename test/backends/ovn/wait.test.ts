/**
 * The merged northbound transaction and wait (ovn/wait.ts), against stub ovn-nbctl/ovn-sbctl
 * on PATH: each way it can end — realized; the transaction refused (nothing changed); killed
 * by its --timeout before the commit (nb_cfg still where the plan read it: nothing changed);
 * killed while waiting after the commit (nb_cfg moved: exit NOT_REALIZED, the lagging chassis
 * named); and the database gone silent (unknown: NOT_REALIZED, so that apply rolls back).
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NOT_REALIZED, isWaitCommand, transactionAndWait, waitCommand } from '../../../src/backends/ovn/wait.js';
import { LocalExecutor } from '../../../src/exec/local.js';

const dir = mkdtempSync(join(tmpdir(), 'vsh-ovn-wait-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stub ovn-nbctl: the transaction (argv with --wait=hv) does MODE; `get NB_Global . nb_cfg` prints NOW (or fails when empty). */
function stubs(mode: 'ok' | 'refuse' | 'alarm', now: string): Record<string, string> {
  const bin = mkdtempSync(join(dir, 'bin-'));
  const write = (name: string, text: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${text}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  write('ovn-nbctl', [
    'case "$*" in',
    `  *--wait=hv*) echo "$*" > "${bin}/txn"; case ${mode} in ok) exit 0;; refuse) echo "ovn-nbctl: lsp-add: a port named vm1 already exists" >&2; exit 1;; alarm) kill -ALRM $$;; esac;;`,
    `  *"get NB_Global . nb_cfg"*) [ -n "${now}" ] && echo ${now} && exit 0; exit 1;;`,
    'esac',
  ].join('\n'));
  write('ovn-sbctl', 'printf \'"hostA",7\\n"hostB",5\\n\'');
  return { PATH: `${bin}:${process.env.PATH}` };
}

const run = (mode: 'ok' | 'refuse' | 'alarm', now: string, planned: number | undefined = 5) =>
  new LocalExecutor('central', { env: stubs(mode, now) }).run(transactionAndWait(['lsp-add', 'ls1', 'vm1', '--', 'set', 'Logical_Switch_Port', 'vm1', 'external_ids:vsh="p"'], waitCommand(planned, 2)));

describe('the northbound transaction and the wait, in one invocation', () => {
  it('is ovn-nbctl --timeout --wait=hv with the transaction after it, the wait known by its name', async () => {
    const w = waitCommand(5, 2);
    expect(isWaitCommand(w)).toBe(true);
    const c = transactionAndWait(['lsp-add', 'ls1', 'vm1'], w);
    expect(c.argv.slice(3)).toEqual(['vsh-ovn-apply', '5', '2', 'ovn-nbctl', '--timeout=2', '--wait=hv', 'lsp-add', 'ls1', 'vm1']);
    const r = await run('ok', '6');
    expect(r.code).toBe(0);
  });

  it('a refused transaction exits as ovn-nbctl did, with its message: nothing changed', async () => {
    const r = await run('refuse', '5');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/already exists/);
  });

  it('killed by its timeout before the commit (nb_cfg unmoved): not NOT_REALIZED, nothing changed', async () => {
    const r = await run('alarm', '5');
    expect(r.code).toBeGreaterThan(128);
    expect(r.code).not.toBe(NOT_REALIZED);
    expect(r.stderr).toMatch(/did not take the transaction within 2 s; nothing was changed/);
  });

  it('killed while waiting after the commit (nb_cfg moved): NOT_REALIZED, the lagging chassis named', async () => {
    const r = await run('alarm', '6');
    expect(r.code).toBe(NOT_REALIZED);
    expect(r.stderr).toMatch(/not realized within 2 s on every chassis: hostB \(at 5 of 6\)/);
    expect(r.stderr).not.toMatch(/hostA/);
  });

  it('the database silent afterwards, or nb_cfg unknown at plan time: NOT_REALIZED (rolled back: the undo tolerates what is missing)', async () => {
    expect((await run('alarm', '')).code).toBe(NOT_REALIZED);
    expect((await run('alarm', '6', undefined)).code).toBe(NOT_REALIZED);
  });
});
