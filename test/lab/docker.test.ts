/**
 * `vsh lab up --docker`: one dockerd per host next to podman. A plain `docker run` in an SSH
 * session works on every host (no --ulimit: dockerd's defaults are ones the kernel accepts),
 * each host's containers are its own, `lab status` shows dockerd and the docker containers,
 * and `lab down` stops dockerd, its containerd, the shims and the containers, and removes
 * their state and cgroups with the rest of the lab. Skipped without docker.io.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CGROUP_CONTROLLERS, cgroupName, dockerPaths, LAB_IMAGE } from '../../src/lab/containers.js';
import { labDown, labStatusOf, labUp, type UpResult } from '../../src/lab/lab.js';
import { findProgram, labPath } from '../../src/lab/prerequisites.js';
import { isAlive, startTimeOf } from '../../src/lab/processes.js';
import { ensureDown, isRoot, leftovers, NOT_ROOT, NOTHING_LEFT, removeTemp, run, ssh, tempLabDir, tracesOf } from './support.js';

const hasDocker = ['podman', 'runc', 'dockerd'].every((p) => findProgram(p, labPath())) && existsSync('/bin/busybox');
const skip = !isRoot ? NOT_ROOT : !hasDocker ? 'docker.io/podman/runc/busybox-static not installed (CI installs them)' : '';

describe.skipIf(!!skip)(`vsh lab --docker${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = tempLabDir('docker');
  const tag = `${process.pid % 10000}`;
  let up: UpResult;

  beforeAll(async () => {
    up = await labUp({ dir, hosts: 2, docker: true });
  }, 120_000);

  afterAll(async () => {
    await ensureDown(dir);
    removeTemp(dir);
  }, 120_000);

  it('has a dockerd of its own on every host (its data root, its socket in the host\'s /run) with the busybox image', () => {
    for (const h of up.plan.hosts) {
      const r = ssh(up.plan, h.mgmtAddress, `docker info --format '{{.DockerRootDir}}' && docker images --format '{{.Repository}}:{{.Tag}}'`, 30_000);
      expect(r.stderr).toBe('');
      expect(r.stdout.split('\n').slice(0, 2)).toEqual([dockerPaths(h).dataRoot, LAB_IMAGE]);
    }
  }, 60_000);

  it('gives each host its own docker containers: the same name on two hosts, removed on one, stays on the other', () => {
    const [a, b] = up.plan.hosts;
    const name = `same${tag}`;
    for (const h of [a!, b!]) {
      const r = ssh(up.plan, h.mgmtAddress, `docker run -d --network none --name ${name} ${LAB_IMAGE} sleep 3600 >/dev/null`, 60_000);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(ssh(up.plan, a!.mgmtAddress, `docker rm -f ${name}`, 60_000).code).toBe(0);
    expect(ssh(up.plan, a!.mgmtAddress, "docker ps -a --format '{{.Names}}'").stdout).not.toContain(name);
    expect(ssh(up.plan, b!.mgmtAddress, "docker ps -a --format '{{.Names}} {{.State}}'").stdout).toBe(`${name} running\n`);
    // Podman on the same host does not see it: two runtimes, two stores.
    expect(ssh(up.plan, b!.mgmtAddress, 'podman ps -a --quiet').stdout).toBe('');
  }, 120_000);

  it('`lab status` shows dockerd alive on every host and the docker containers', async () => {
    const s = await labStatusOf(dir);
    expect(s.healthy).toBe(true);
    expect(s.hosts.map((h) => h.daemons.find((d) => d.name === 'dockerd')?.alive)).toEqual([true, true]);
    expect(s.hosts.map((h) => (h.containers ?? []).map((c) => `${c.name} ${c.runtime} ${c.state}`))).toEqual([[], [`same${tag} docker running`]]);
  }, 60_000);

  it('`lab down` stops dockerd, containerd, the shims and the containers, and removes their state and cgroups with everything else', async () => {
    const traces = tracesOf(dir);
    const s = await labStatusOf(dir);
    const dockerds = s.hosts.map((h) => h.daemons.find((d) => d.name === 'dockerd')!.pid!);
    const [b] = up.plan.hosts.slice(1);
    const pid = Number(ssh(up.plan, b!.mgmtAddress, `docker inspect --format '{{.State.Pid}}' same${tag}`).stdout.trim());
    // Everything running in the hosts' network namespaces: dockerd, its containerd, the shims (and OVS, sshd).
    const inHosts = up.plan.hosts.flatMap((h) => run(['ip', 'netns', 'pids', h.netns]).stdout.split('\n').filter(Boolean).map(Number));
    const named = (p: number) => run(['cat', `/proc/${p}/comm`]).stdout.trim();
    expect(inHosts.map(named)).toEqual(expect.arrayContaining(['dockerd', 'containerd', 'containerd-shim']));
    const refs = [...dockerds, pid, ...inHosts].map((p) => ({ pid: p, startTime: startTimeOf(p)! }));
    expect(refs.every(isAlive)).toBe(true);
    const r = await labDown({ dir });
    expect(r.report?.problems).toEqual([]);
    expect(refs.filter(isAlive)).toEqual([]);
    const cgroups = CGROUP_CONTROLLERS.flatMap((c) => up.plan.hosts.map((h) => `/sys/fs/cgroup/${c}/${cgroupName(up.plan, h)}`)).filter((p) => existsSync(p));
    expect(cgroups).toEqual([]);
    expect(leftovers(traces)).toEqual(NOTHING_LEFT);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  }, 120_000);
});
