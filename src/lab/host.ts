/**
 * Bring one lab host up. A host is:
 * - a network namespace `vsh-<id>-hostX` with eth0 (management, wired to the root
 *   namespace's management bridge) and eth1 (underlay, wired to the underlay bridge);
 * - a mount namespace and a UTS namespace, kept alive by bind mounts ("holders") at
 *   DIR/namespaces/hostX.{mnt,uts} so any later command can `nsenter` them. In the mount
 *   namespace the host's own directories are bind-mounted over /run (so /run/openvswitch,
 *   /run/netns — `ip netns add red` is this host's alone —, /run/sshd, /run/libvirt are
 *   private), /etc/openvswitch and /var/log/openvswitch (and libvirt's /etc, /var/lib,
 *   /var/log, /var/cache dirs with --libvirt), and /sys is remounted so /sys/class/net
 *   shows the host's interfaces, as `ip netns exec` does;
 * - its daemons (daemons.ts), started inside all three namespaces, so sshd's sessions
 *   inherit them: `ovs-vsctl show` over ssh talks to this host's OVS; with --containers,
 *   its own podman (containers.ts), and with --docker its own dockerd.
 * Each namespace, root-namespace link, holder and mount is journalled before it is made.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareContainers } from './containers.js';
import { daemonPids, daemonsOf, startLibvirtd, startOvs, startSshd } from './daemons.js';
import { generateKey, hostKeyPath } from './keys.js';
import { CONTAINER_MOUNT_POINTS, LIBVIRT_MOUNT_POINTS, OVN_MOUNT_POINTS, OVS_MOUNT_POINTS } from './prerequisites.js';
import type { Runner } from './run.js';
import type { Journal } from './state.js';
import type { HostPlan, LabExtras, LabPlan } from './topology.js';

/** [directory under the host's dir, where it is mounted inside the host]. */
export function hostMounts(libvirt: boolean, extras: LabExtras = {}): [string, string][] {
  const name = (p: string) => p.slice(1).replace(/\//g, '-'); // /var/log/openvswitch → var-log-openvswitch
  // A home of its own: SSH sessions on a lab host must not run the controller's ~/.bashrc
  // (here it started pyenv: ~130 ms of CPU for every command vsh sends), and a real host
  // does not share root's dotfiles with the machine it is managed from anyway.
  const points = [
    ...OVS_MOUNT_POINTS,
    ...(libvirt ? LIBVIRT_MOUNT_POINTS : []),
    ...(extras.containers ? CONTAINER_MOUNT_POINTS : []),
    ...(extras.ovn ? OVN_MOUNT_POINTS : []),
  ];
  return [['run', '/run'], ['root', '/root'], ...points.map((p): [string, string] => [name(p), p])];
}

/** Directories the host's daemons expect under /run (sshd refuses to start without /run/sshd). */
const RUN_DIRS = ['openvswitch', 'netns', 'sshd', 'lock'];

/** Network namespace and its links: eth0 on the management bridge, eth1 on the underlay bridge. */
async function wire(run: Runner, journal: Journal, plan: LabPlan, host: HostPlan): Promise<void> {
  const ip = run.tools.ip;
  journal.record({ kind: 'netns', name: host.netns });
  await run.run([ip, 'netns', 'add', host.netns]);
  journal.record({ kind: 'link', name: host.mgmtLink });
  // One `ip -batch`: the alias that marks the link as the lab's is set in the same run as the add.
  await run.run(
    [ip, '-batch', '-'],
    `link add name ${host.mgmtLink} type veth peer name eth0 netns ${host.netns}\n` +
      `link set dev ${host.mgmtLink} alias ${plan.alias} master ${plan.mgmtBridge} up\n`,
  );
  // The underlay end is made inside the underlay namespace: it never exists in the root namespace.
  await run.ipIn(
    plan.underlayNetns,
    ['-batch', '-'],
    `link add name ${host.underlayPort} type veth peer name eth1 netns ${host.netns}\n` + `link set dev ${host.underlayPort} master ${plan.underlayBridge} up\n`,
  );
  await run.ipIn(host.netns, ['-batch', '-'], `link set dev lo up\naddr add ${host.mgmtAddress}/24 dev eth0\nlink set dev eth0 up\nlink set dev eth1 up\n`);
}

/** Mounts inside a new host: $1 mount, $2 umount, $3 the host's /run, then pairs of (directory, mount point). A fixed script: only its arguments vary. */
const MOUNT_HOST = `
mount=$1; umount=$2; run=$3; shift 3
# Another lab deleting its namespaces meanwhile makes umount fail on a mount that is gone
# already: retry, and fail only if a namespace mount is really left.
for try in 1 2 3; do "$umount" --all --lazy --types nsfs 2>/dev/null && break; done
if grep -q ' - nsfs ' /proc/self/mountinfo; then echo "cannot unmount the namespace files copied from the root mount namespace" >&2; exit 1; fi
"$mount" --bind "$run" /run
"$umount" --lazy /sys
"$mount" -t sysfs sysfs /sys
while [ $# -gt 0 ]; do "$mount" --bind "$1" "$2"; shift 2; done
`;

/** The host's private mount and UTS namespaces, with its directories mounted in place. */
async function makeNamespaces(run: Runner, journal: Journal, plan: LabPlan, host: HostPlan): Promise<void> {
  const t = run.tools;
  for (const [dir] of hostMounts(plan.libvirt, plan)) mkdirSync(join(host.dir, dir), { recursive: true });
  for (const d of RUN_DIRS) mkdirSync(join(host.dir, 'run', d), { recursive: true, mode: 0o755 });
  for (const [holder, holds] of [[host.mntHolder, 'mnt'], [host.utsHolder, 'uts']] as const) {
    journal.record({ kind: 'file', path: holder });
    journal.record({ kind: 'mount', path: holder, holds });
    writeFileSync(holder, '');
  }
  // Run in the root mount namespace (not under `ip netns exec`, whose throwaway namespace
  // would swallow the holder mounts); `hostname` runs in the new UTS namespace.
  await run.run([t.unshare, `--mount=${host.mntHolder}`, `--uts=${host.utsHolder}`, '--propagation', 'private', '--', t.hostname, host.name]);
  // The new mount namespace is a copy of the root's, including every namespace file mounted
  // there (/run/netns/*, other labs' holders). A private copy is never unmounted by the
  // root's `ip netns del`, so it would keep those namespaces — and their veths — alive
  // after their owners removed them. Drop them all: this host references no namespace but its own.
  // Then the host's /run, a sysfs showing the host's network devices (as `ip netns exec`
  // does), and the host's directories. One script for all: a process start per mount made
  // 64-host labs slow (CPU-bound on exec).
  const mounts = hostMounts(plan.libvirt, plan);
  await run.run(
    run.inHost(host, ['/bin/sh', '-euc', MOUNT_HOST, 'sh', t.mount, t.umount, join(host.dir, 'run'), ...mounts.slice(1).flatMap(([dir, target]) => [join(host.dir, dir), target])]),
  );
}

/** Build one host from nothing to "sshd answers"; record its daemons' pids. */
export async function bringHostUp(run: Runner, journal: Journal, plan: LabPlan, host: HostPlan): Promise<void> {
  mkdirSync(host.dir, { recursive: true });
  await settleAll([generateKey(run, hostKeyPath(host), `vsh-lab-${plan.id}-${host.name}`), wire(run, journal, plan, host)]);
  await makeNamespaces(run, journal, plan, host);
  // Independent daemons start together: the host is up in the time of the slowest.
  await settleAll([
    startOvs(run, host, plan),
    startSshd(run, plan, host),
    ...(plan.libvirt ? [startLibvirtd(run, host)] : []),
    ...(plan.containers ? [prepareContainers(run, journal, plan, host)] : []),
  ]);
  // OVN's daemons start once every host is up (lab.ts): the chassis need the central.
  const pids = daemonPids(host, daemonsOf({ libvirt: plan.libvirt, docker: plan.docker, ovn: false }));
  journal.update((s) => (s.daemons[host.name] = pids));
}

/**
 * Wait for every task, then throw the first failure. Unlike Promise.all, nothing is still
 * starting when the caller rolls back — a daemon launched after the rollback swept the
 * host's processes would outlive the lab.
 */
export async function settleAll(tasks: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
