/**
 * `vsh lab exec` on a real lab (with podman): the command runs in the host's own
 * namespaces (its hostname, its links, its OVS), in a namespace made on that host, or in a
 * container there; its argv reaches the program untouched (no shell), its exit status is
 * vsh's, and a place that does not exist is exit 2 with the places that do.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAB_IMAGE } from '../../src/lab/containers.js';
import { labUp } from '../../src/lab/lab.js';
import { findProgram, labPath } from '../../src/lab/prerequisites.js';
import { ensureDown, isRoot, NOT_ROOT, removeTemp, tempLabDir, vsh } from './support.js';
import { skipping } from '../support/skip.js';

const hasPodman = ['podman', 'runc'].every((p) => findProgram(p, labPath())) && existsSync('/bin/busybox');
const skip = !isRoot ? NOT_ROOT : !existsSync('dist/vsh.mjs') ? 'bin/vsh is not built (npm run build)' : !hasPodman ? 'podman/runc/busybox-static not installed (CI installs them)' : '';

describe.skipIf(skipping('lab exec', skip))(`vsh lab exec${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = tempLabDir('exec');
  const exec = (where: string, ...argv: string[]) => vsh(['lab', 'exec', '--dir', dir, where, '--', ...argv]);

  beforeAll(async () => {
    await labUp({ dir, hosts: 2, containers: true });
  }, 120_000);
  afterAll(async () => {
    await ensureDown(dir);
    removeTemp(dir);
  }, 120_000);

  it('runs on the host itself: its hostname, its NICs, its own OVS', () => {
    expect(exec('hostB', 'hostname')).toMatchObject({ code: 0, stdout: 'hostB\n' });
    const links = exec('hostA', 'ip', '-br', 'link');
    expect(links.code).toBe(0);
    expect(links.stdout).toMatch(/^eth1@/m);
    expect(exec('hostA', 'ovs-vsctl', 'list-br').stdout).toBe('br-phy\n');
  });

  it('passes argv as given (no shell) and returns the exit status of the command', () => {
    expect(exec('hostA', 'echo', '$(id)', ';', '*').stdout).toBe('$(id) ; *\n');
    expect(exec('hostA', 'sh', '-c', 'exit 7').code).toBe(7);
  });

  it('runs in a namespace made on the host, and only that host sees it', () => {
    expect(exec('hostA', 'ip', 'netns', 'add', 'red').code).toBe(0);
    expect(exec('hostA', 'ip', 'link', 'add', 'rv0', 'type', 'veth', 'peer', 'name', 'rv1', 'netns', 'red').code).toBe(0);
    const inRed = exec('hostA/red', 'ip', '-br', 'link');
    expect(inRed.code).toBe(0);
    expect(inRed.stdout).toMatch(/^rv1@/m);
    expect(inRed.stdout).not.toMatch(/eth0|eth1/);
    const onB = exec('hostB/red', 'true');
    expect(onB.code).toBe(2);
    expect(onB.stderr).toContain("no namespace or container 'red' on hostB");
  });

  it('runs in a podman container by name, in its network namespace', () => {
    const run = exec('hostB', 'podman', 'run', '-d', '--name', 'web1', LAB_IMAGE, 'sleep', '3600');
    expect(run.code, run.stderr).toBe(0);
    expect(exec('hostB', 'ip', 'link', 'add', 'c0', 'type', 'veth', 'peer', 'name', 'c1').code).toBe(0);
    const pid = exec('hostB', 'podman', 'inspect', '-f', '{{.State.Pid}}', 'web1').stdout.trim();
    expect(exec('hostB', 'ip', 'link', 'set', 'c1', 'netns', pid).code).toBe(0);
    const inside = exec('hostB/web1', 'ip', '-br', 'link');
    expect(inside.code).toBe(0);
    expect(inside.stdout).toMatch(/^c1@/m);
    expect(inside.stdout).not.toMatch(/eth1/);
  }, 60_000);

  it('says what exists when the place does not (exit 2)', () => {
    const r = exec('hostA/blue', 'true');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no namespace or container 'blue' on hostA (there: namespace red)");
    const h = exec('hostC', 'true');
    expect(h.code).toBe(2);
    expect(h.stderr).toContain("no host 'hostC' in the lab");
    expect(exec('a/b/c', 'true').code).toBe(2);
  });
});
