/**
 * `vsh lab up --containers`: a plain `podman run` in an SSH session works on every host,
 * each host's containers are its own, and two containers on two hosts ping each other over
 * a veth into each one's network namespace (by pid) and the lab's underlay bridge br-phy.
 * `lab status` lists them; `lab down` removes them, their storage and cgroups, and the rest.
 */
import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CGROUP_CONTROLLERS, cgroupName, LAB_IMAGE } from '../../src/lab/containers.js';
import { labDown, labStatusOf, labUp, type UpResult } from '../../src/lab/lab.js';
import { findProgram, labPath } from '../../src/lab/prerequisites.js';
import { isAlive, startTimeOf } from '../../src/lab/processes.js';
import { ensureDown, isRoot, leftovers, NOT_ROOT, NOTHING_LEFT, removeTemp, ssh, tempLabDir, tracesOf } from './support.js';

const hasPodman = ['podman', 'runc'].every((p) => findProgram(p, labPath())) && existsSync('/bin/busybox');
const skip = !isRoot ? NOT_ROOT : !hasPodman ? 'podman/runc/busybox-static not installed (CI installs them)' : '';

/** Cgroup directories of the lab's hosts in the machine's v1 hierarchies (where the root namespace mounts them). */
function labCgroups(up: UpResult): string[] {
  return CGROUP_CONTROLLERS.flatMap((c) => up.plan.hosts.map((h) => `/sys/fs/cgroup/${c}/${cgroupName(up.plan, h)}`)).filter((p) => existsSync(p));
}

describe.skipIf(!!skip)(`vsh lab --containers${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const dir = tempLabDir('containers');
  const tag = `${process.pid % 10000}`;
  let up: UpResult;

  beforeAll(async () => {
    up = await labUp({ dir, hosts: 2, containers: true });
  }, 120_000);

  afterAll(async () => {
    await ensureDown(dir);
    removeTemp(dir);
  }, 120_000);

  it('has the busybox image on every host, with the applets scripts need', () => {
    for (const h of up.plan.hosts) {
      const r = ssh(up.plan, h.mgmtAddress, `podman images --format '{{.Repository}}:{{.Tag}}' && podman run --rm ${LAB_IMAGE} sh -c 'for a in sh sleep ip ping udhcpc nc; do command -v $a; done'`, 60_000);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toBe(LAB_IMAGE);
      expect(lines.slice(1)).toHaveLength(6);
    }
  }, 120_000);

  it('gives each host its own containers: the same name on two hosts, removed on one, stays on the other', () => {
    const [a, b] = up.plan.hosts;
    const name = `same${tag}`;
    for (const h of [a!, b!]) {
      // Plain podman: runc, cgroupfs, ulimits and --network none come from the host's containers.conf.
      const r = ssh(up.plan, h.mgmtAddress, `podman run -d --name ${name} ${LAB_IMAGE} sleep 3600`, 60_000);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(ssh(up.plan, a!.mgmtAddress, `podman rm -f -t 0 ${name}`, 60_000).code).toBe(0);
    expect(ssh(up.plan, a!.mgmtAddress, "podman ps -a --format '{{.Names}}'").stdout).not.toContain(name);
    expect(ssh(up.plan, b!.mgmtAddress, "podman ps -a --format '{{.Names}} {{.Status}}'").stdout).toMatch(new RegExp(`^${name} Up`, 'm'));
  }, 120_000);

  it('connects a container on each host through a veth into its netns, over br-phy: they ping each other', () => {
    const hosts = up.plan.hosts;
    hosts.forEach((h, i) => {
      const c = `c${i}x${tag}`;
      // A veth name that was never used on this host: OVS keeps a dead handle for re-made names (LAB.md).
      const veth = `v${i}x${tag}`;
      const script = [
        'set -e',
        `podman run -d --name ${c} --cap-add NET_RAW ${LAB_IMAGE} sleep 3600 >/dev/null`,
        `pid=$(podman inspect -f '{{.State.Pid}}' ${c})`,
        `ip link add ${veth} type veth peer name eth0x`,
        `ip link set eth0x netns $pid`,
        `nsenter -t $pid -n ip link set eth0x name eth0`,
        `nsenter -t $pid -n ip addr add 10.88.0.${i + 1}/24 dev eth0`,
        `nsenter -t $pid -n ip link set eth0 up`,
        `ip link set ${veth} up`,
        `ovs-vsctl add-port br-phy ${veth}`,
      ].join('\n');
      const r = ssh(up.plan, h.mgmtAddress, script, 60_000);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    });
    // The busybox ping inside the container (NET_RAW granted), bounded; the first packet may take the slow path.
    const ping = ssh(up.plan, hosts[0]!.mgmtAddress, `podman exec c0x${tag} ping -c 3 -W 2 10.88.0.2`, 30_000);
    expect(ping.stdout).toMatch(/[1-3] packets received/);
    const back = ssh(up.plan, hosts[1]!.mgmtAddress, `podman exec c1x${tag} ping -c 2 -W 2 10.88.0.1`, 30_000);
    expect(back.stdout).toMatch(/[1-2] packets received/);
  }, 120_000);

  it('`lab status` lists the containers per host', async () => {
    const s = await labStatusOf(dir);
    expect(s.healthy).toBe(true);
    const names = (i: number) => (s.hosts[i]!.containers ?? []).map((c) => `${c.name} ${c.state}`).sort();
    expect(names(0)).toEqual([`c0x${tag} running`]);
    expect(names(1)).toEqual([`c1x${tag} running`, `same${tag} running`].sort());
    expect(labCgroups(up).length).toBeGreaterThan(0);
  }, 60_000);

  it('`lab down` removes the containers, their processes, storage and cgroups, and everything else of the lab', async () => {
    const traces = tracesOf(dir);
    const containerPids = (await labStatusOf(dir)).hosts.flatMap((h) => (h.containers ?? []).map((c) => c.pid!));
    expect(containerPids).toHaveLength(3);
    const refs = containerPids.map((pid) => ({ pid, startTime: startTimeOf(pid)! }));
    const r = await labDown({ dir });
    expect(r.report?.problems).toEqual([]);
    expect(refs.filter(isAlive)).toEqual([]);
    expect(labCgroups(up)).toEqual([]);
    expect(leftovers(traces)).toEqual(NOTHING_LEFT);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  }, 120_000);
});
