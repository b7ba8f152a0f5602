/**
 * startDockerd without a lab: nsenter and dockerd replaced by scripts (argv after `--`
 * runs as is; a "dockerd" that logs a fatal line and exits). A dockerd that dies fails
 * `up` at once — not after the 30 s readiness bound — with the end of its log, which the
 * rollback would otherwise delete with the lab directory.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCKERD_READY_MS, logTail, startDockerd } from '../../src/lab/containers.js';
import type { Tools } from '../../src/lab/prerequisites.js';
import { Runner } from '../../src/lab/run.js';
import { planLab } from '../../src/lab/topology.js';

const dir = mkdtempSync(join(tmpdir(), 'vsh-dockerd-start-'));
const script = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, 0o755);
  return p;
};

describe('startDockerd', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails at once when dockerd exits before it answers, with the end of its log', async () => {
    const nsenter = script('nsenter', 'while [ "$1" != -- ]; do shift; done; shift; exec "$@"');
    const dockerd = script('dockerd', 'echo "level=info msg=starting"; echo "level=fatal msg=\\"failed to start daemon: boom\\"" >&2; exit 1');
    const docker = script('docker', 'exit 1');
    const plan = planLab(dir, 'f00d01', 9, 1, false, { docker: true });
    mkdirSync(plan.hosts[0]!.dir, { recursive: true });
    const run = new Runner({ nsenter, dockerd, docker } as unknown as Tools);
    const t0 = Date.now();
    const err = (await startDockerd(run, plan, plan.hosts[0]!).catch((e: Error) => e)) as Error;
    expect(Date.now() - t0).toBeLessThan(DOCKERD_READY_MS / 3);
    expect(err.message).toMatch(/^dockerd on hostA stopped \(exit status 1\) before it answered; the end of its log:\n/);
    expect(err.message).toContain('    level=fatal msg="failed to start daemon: boom"');
  }, 20_000);

  it('logTail: the last lines, indented; says so when there is no log', () => {
    const log = join(dir, 'x.log');
    writeFileSync(log, Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(logTail(log, 2)).toBe('    line 10\n    line 11');
    expect(logTail(join(dir, 'none.log'))).toBe(`    (no log at ${join(dir, 'none.log')})`);
  });
});
