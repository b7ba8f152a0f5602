/**
 * `vsh lab up --containers`: Podman on every lab host, so that a plain `podman run …` in an
 * SSH session on that host works and sees only that host's containers (LAB.md "Containers
 * in lab hosts"):
 * - the host's own /etc/containers (a copy of the machine's, bind-mounted by host.ts) with a
 *   storage.conf whose graphroot is DIR/hosts/HOST/containers (runroot: the host's private
 *   /run), and a containers.conf choosing runc and cgroupfs (crun fails on hybrid cgroups),
 *   default ulimits the kernel accepts, no network (vsh wires containers itself) and file
 *   events (no journald here);
 * - cgroups: `ip netns exec`-style /sys hides /sys/fs/cgroup, so a tmpfs goes there with the
 *   v1 controllers — each one a bind of a per-host subtree `vsh-<id>-HOST` of the real
 *   hierarchy, so one host's containers' cgroups are its own and `down` can remove them;
 * - the image localhost/vsh-busybox:latest, imported from a rootfs tar of Debian's static
 *   busybox (with every applet linked) that `up` builds once per lab;
 * - with `--docker`, also one dockerd per host (docker.io 20.10; LAB.md): its own data root
 *   DIR/hosts/HOST/docker, exec root, pidfile and socket under the host's private /run, no
 *   bridge/iptables/masquerade, default ulimits the kernel accepts; it starts its own
 *   containerd, and gets the same image (`docker import`). Measured here (2 cores): ready
 *   ~0.6 s after start (`up` of 2 hosts 0.9 → 1.5 s, of 8 hosts 2.9 → 4.9 s), and ~115 MB
 *   RSS per host (dockerd ~75 MB + containerd ~38 MB before any container, ~75 MB PSS as
 *   hosts share the binaries; each container adds a ~13 MB shim) — hence a flag of its own.
 * In containers, ping needs `--cap-add NET_RAW`, udhcpc also `--cap-add NET_ADMIN` (its
 * script sets the address). What a driver must still pass: `--network none` is the default
 * here but not on real hosts,
 * and on real hosts `--runtime runc --cgroup-manager cgroupfs --ulimit nofile=1024:1024`
 * may be needed where crun or the default ulimits fail.
 */
import { spawn } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, openSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { LabError } from './errors.js';
import { BUSYBOX, dockerCliBeside, findProgram, labPath } from './prerequisites.js';
import { namespaceInode } from './processes.js';
import type { Runner } from './run.js';
import type { Journal, Resource } from './state.js';
import { waitFor } from './wait.js';
import type { HostPlan, LabPlan } from './topology.js';

/** The image every host has after `up --containers`. */
export const LAB_IMAGE = 'localhost/vsh-busybox:latest';
/** The cgroup v1 controllers runc needs mounted. */
export const CGROUP_CONTROLLERS = ['cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'blkio', 'pids'] as const;
/** Where Debian's busybox udhcpc looks for its script (`udhcpc --help`: -s default); upstream's path links to it. */
const UDHCPC_SCRIPT = 'etc/udhcpc/default.script';
const UDHCPC_SCRIPT_UPSTREAM = 'usr/share/udhcpc/default.script';

/** The lab's image files: the rootfs tree and its tar, under DIR/image. */
export function imagePaths(plan: LabPlan): { dir: string; rootfs: string; tar: string } {
  const dir = join(plan.dir, 'image');
  return { dir, rootfs: join(dir, 'rootfs'), tar: join(dir, 'rootfs.tar') };
}

/** The per-host cgroup subtree name. */
export function cgroupName(plan: LabPlan, host: HostPlan): string {
  return `vsh-${plan.id}-${host.name}`;
}

/** containers.conf of every lab host. */
export function containersConfText(): string {
  return [
    '# Podman on a vsh lab host; written by vsh lab up --containers.',
    '[containers]',
    '# The default RLIMIT_NOFILE is refused here (LAB.md).',
    'default_ulimits = ["nofile=1024:1024", "nproc=1024:1024"]',
    '# vsh (or you) wires containers: no CNI bridge or NAT unless asked for.',
    'netns = "none"',
    '',
    '[engine]',
    'runtime = "runc"',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    '',
  ].join('\n');
}

/** storage.conf of one host: its own image and container store. */
export function storageConfText(host: HostPlan): string {
  return [
    `# Podman storage of lab host ${host.name}; written by vsh lab up --containers.`,
    '[storage]',
    'driver = "overlay"',
    `graphroot = "${join(host.dir, 'containers', 'storage')}"`,
    'runroot = "/run/containers/storage"',
    '',
  ].join('\n');
}

/** udhcpc's default script: apply the lease to the interface (busybox ships none). Needs CAP_NET_ADMIN in a container. */
const UDHCPC_SCRIPT_TEXT = `#!/bin/sh
# Apply a DHCP lease (busybox udhcpc calls this with bound/renew/deconfig).
case "$1" in
  deconfig) ip -4 addr flush dev "$interface"; ip link set dev "$interface" up ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/\${mask:-24}" dev "$interface"
    if [ -n "$router" ]; then ip route replace default via "\${router%% *}" dev "$interface"; fi
    ;;
esac
exit 0
`;

/**
 * Build the lab image's rootfs tar once per lab: /bin/busybox and a link for each applet
 * it lists (sh, sleep, ip, ping, udhcpc, nc, …), the usual empty directories and udhcpc's script.
 */
export async function buildImage(run: Runner, journal: Journal, plan: LabPlan): Promise<void> {
  const paths = imagePaths(plan);
  journal.record({ kind: 'dir', path: paths.dir, recursive: true });
  for (const d of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc/udhcpc', 'proc', 'sys', 'dev', 'tmp', 'run', 'root', 'var', 'usr/share/udhcpc']) {
    mkdirSync(join(paths.rootfs, d), { recursive: true });
  }
  cpSync(BUSYBOX, join(paths.rootfs, 'bin/busybox'));
  const applets = (await run.run([BUSYBOX, '--list-full'])).stdout.split('\n').filter((a) => /^[a-z/]+\/[\w.[-]+$/.test(a) && a !== 'bin/busybox');
  for (const a of applets) {
    mkdirSync(join(paths.rootfs, dirname(a)), { recursive: true });
    symlinkSync('/bin/busybox', join(paths.rootfs, a));
  }
  writeFileSync(join(paths.rootfs, UDHCPC_SCRIPT), UDHCPC_SCRIPT_TEXT, { mode: 0o755 });
  symlinkSync(`/${UDHCPC_SCRIPT}`, join(paths.rootfs, UDHCPC_SCRIPT_UPSTREAM));
  writeFileSync(join(paths.rootfs, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
  writeFileSync(join(paths.rootfs, 'etc/group'), 'root:x:0:\n');
  await run.run([run.tools.tar!, '-C', paths.rootfs, '--numeric-owner', '--owner=0', '--group=0', '-cf', paths.tar, '.']);
}

/**
 * Mount the cgroup v1 controllers at /sys/fs/cgroup inside a host, each one the host's own
 * subtree ($1) of the real hierarchy (mounted whole under /run/vsh-cgroup, the host's private
 * /run). cpuset children start with no CPUs: copy the root's and let children inherit them.
 * A fixed script: the only inputs are its arguments.
 */
const CGROUP_SETUP = `
name=$1; shift
mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
for c in "$@"; do
  mkdir -p "/run/vsh-cgroup/$c" "/sys/fs/cgroup/$c"
  mount -t cgroup -o "$c" cgroup "/run/vsh-cgroup/$c"
  mkdir -p "/run/vsh-cgroup/$c/$name"
  if [ "$c" = cpuset ]; then
    cat /run/vsh-cgroup/cpuset/cpuset.cpus > "/run/vsh-cgroup/cpuset/$name/cpuset.cpus"
    cat /run/vsh-cgroup/cpuset/cpuset.mems > "/run/vsh-cgroup/cpuset/$name/cpuset.mems"
    echo 1 > "/run/vsh-cgroup/cpuset/$name/cgroup.clone_children"
  fi
  mount --bind "/run/vsh-cgroup/$c/$name" "/sys/fs/cgroup/$c"
done
`;

/** Prepare podman (and with --docker, dockerd) on one host (journalled first) and import the lab image into each. */
export async function prepareContainers(run: Runner, journal: Journal, plan: LabPlan, host: HostPlan): Promise<void> {
  const etc = join(host.dir, 'etc-containers');
  // policy.json and registries.conf as the machine has them; the two files below are the host's own.
  cpSync('/etc/containers', etc, { recursive: true });
  writeFileSync(join(etc, 'containers.conf'), containersConfText());
  writeFileSync(join(etc, 'storage.conf'), storageConfText(host));
  mkdirSync(join(host.dir, 'containers', 'storage'), { recursive: true });
  journal.record(containersResource(plan, host));
  const setup = await run.attempt(run.inHost(host, ['/bin/sh', '-euc', CGROUP_SETUP, 'sh', cgroupName(plan, host), ...CGROUP_CONTROLLERS]));
  if (setup.code !== 0) {
    throw new LabError(
      `cannot mount the cgroup v1 controllers in ${host.name}: ${setup.stderr.trim()}`,
      'podman in lab hosts needs the v1 controllers cpu cpuacct cpuset memory devices freezer blkio pids, each mountable on its own (LAB.md)',
    );
  }
  const podman = run.run(run.inHost(host, [run.tools.podman!, 'import', '--quiet', imagePaths(plan).tar, LAB_IMAGE]));
  // Both finish before a failure is thrown (as host.ts's settleAll): a dockerd still starting
  // while \`up\` rolls back would outlive the sweep.
  const results = await Promise.allSettled([podman, ...(plan.docker ? [startDockerd(run, plan, host)] : [])]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** The host's docker state (images, containers, containerd's root) in the root mount namespace; its exec root is under the host's private /run. */
export function dockerPaths(host: HostPlan): { dataRoot: string; config: string; log: string } {
  return { dataRoot: join(host.dir, 'docker'), config: join(host.dir, 'docker-daemon.json'), log: join(host.dir, 'dockerd.log') };
}

/**
 * dockerd's arguments on a lab host (LAB.md): its own data and exec roots, pidfile and socket
 * (/run is the host's own, so plain \`docker\` in an SSH session talks to this host's daemon), no
 * bridge, iptables or masquerading (vsh wires containers), the ulimits the kernel accepts as
 * defaults (as containers.conf does for podman), and a config file of its own, so the
 * machine's /etc/docker/daemon.json never applies. It starts its own containerd: 20.10 would
 * use a system containerd whose socket is at /run/containerd/containerd.sock, but the host's
 * /run is its own, so there is none (nor the machine's dockerd socket).
 */
export function dockerdArgs(host: HostPlan): string[] {
  const p = dockerPaths(host);
  return [
    `--config-file=${p.config}`,
    `--data-root=${p.dataRoot}`,
    '--exec-root=/run/docker',
    '--pidfile=/run/docker.pid',
    '--host=unix:///run/docker.sock',
    '--bridge=none',
    '--iptables=false',
    '--ip6tables=false',
    '--ip-masq=false',
    '--default-ulimit=nofile=1024:1024',
    '--default-ulimit=nproc=1024:1024',
  ];
}

/** How long dockerd (and the containerd it starts) may take to answer: ~0.6 s on an idle 2-core machine. */
export const DOCKERD_READY_MS = 30_000;

/**
 * Start a daemon that does not detach itself: in a session of its own (\`detached\`: setsid),
 * stdio to a log file, not waited for (\`down\` finds it in the host's namespaces, like every
 * daemon there). \`nsenter\` execs the program, so vsh is the daemon's parent while \`up\`
 * runs: \`exited\` says how it ended, once it has.
 */
export function launchDetached(argv: readonly string[], log: string): { exited: () => string | undefined } {
  const fd = openSync(log, 'a');
  try {
    const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', fd, fd], env: { ...process.env, PATH: labPath() } });
    let exit: string | undefined;
    child.on('exit', (code, signal) => (exit = signal ? `killed by ${signal}` : `exit status ${code}`));
    child.on('error', (err) => (exit = err.message));
    child.unref();
    return { exited: () => exit };
  } finally {
    closeSync(fd);
  }
}

/**
 * dockerd on one host, after the cgroup mounts: started detached inside the host (its own
 * session; the lab owns it like its other daemons: pidfile, swept by \`down\`), ready when
 * \`docker version\` gets an answer from it; then the lab image is imported.
 */
export async function startDockerd(run: Runner, plan: LabPlan, host: HostPlan): Promise<void> {
  const t = run.tools;
  if (!t.dockerd || !t.docker) throw new LabError('dockerd was not found (install docker.io)', undefined, 2);
  const p = dockerPaths(host);
  mkdirSync(p.dataRoot, { recursive: true });
  writeFileSync(p.config, '{}\n');
  const daemon = launchDetached(run.inHost(host, [t.dockerd, ...dockerdArgs(host)]), p.log);
  const version = run.inHost(host, [t.docker, 'version', '--format', '{{.Server.Version}}']);
  try {
    // Ready when it answers; a dockerd that exits (bad flags or config, no cgroups) fails at once.
    await waitFor(
      `dockerd on ${host.name} to answer on /run/docker.sock`,
      async () => {
        const exit = daemon.exited();
        if (exit) throw new LabError(`dockerd on ${host.name} stopped (${exit}) before it answered`);
        return (await run.attempt(version)).code === 0;
      },
      DOCKERD_READY_MS,
      50,
    );
  } catch (err) {
    // The log is under the lab directory, which the rollback removes: its last lines go in the error.
    throw new LabError(`${(err as Error).message}; the end of its log:\n${logTail(p.log)}`, 'dockerd 20.10 needs the cgroup v1 controllers mounted in the host and a data root on a filesystem overlay2 works on (LAB.md)');
  }
  await run.run(run.inHost(host, [t.docker, 'import', imagePaths(plan).tar, LAB_IMAGE]));
}

/** The last lines of a log file, indented (or a note that there is none). */
export function logTail(path: string, lines = 8): string {
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return `    (no log at ${path})`;
  }
  return text.trimEnd().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
}

/** The journal entry for a host's podman (and dockerd). */
export function containersResource(plan: LabPlan, host: HostPlan): Extract<Resource, { kind: 'containers' }> {
  return { kind: 'containers', host: host.name, cgroup: cgroupName(plan, host), mnt: host.mntHolder, uts: host.utsHolder, netns: host.netns, ...(plan.docker ? { docker: true } : {}) };
}

/** The docker CLI on this machine, Debian's (beside dockerd) first; undefined without docker.io. */
export function dockerCli(): string | undefined {
  const dockerd = findProgram('dockerd', labPath());
  return dockerd && dockerCliBeside(dockerd, labPath());
}

/** The argv that runs `argv` on the host a containers resource names. */
function inRecordedHost(run: Runner, r: Extract<Resource, { kind: 'containers' }>, argv: readonly string[]): string[] {
  return [run.tools.nsenter, `--mount=${r.mnt}`, `--uts=${r.uts}`, `--net=/run/netns/${r.netns}`, '--', ...argv];
}

/**
 * Remove every container of the host (before its processes are stopped: `podman rm`
 * unmounts, deletes cgroups and stops conmon properly; a SIGTERM'd container init would
 * only die after the sweep's grace period). Returns a problem in words, or undefined.
 */
export async function removeContainers(run: Runner, r: Extract<Resource, { kind: 'containers' }>): Promise<string | undefined> {
  if (namespaceInode(r.mnt) === undefined) return undefined; // the host's namespaces are gone: nothing runs there
  const problems = await Promise.all([removePodmanContainers(run, r), ...(r.docker ? [removeDockerContainers(run, r)] : [])]);
  return problems.filter(Boolean).join('; ') || undefined;
}

async function removePodmanContainers(run: Runner, r: Extract<Resource, { kind: 'containers' }>): Promise<string | undefined> {
  const podman = findProgram('podman', labPath());
  if (!podman) return undefined; // the sweep stops what is left
  const rm = await run.attempt(inRecordedHost(run, r, [podman, 'rm', '--all', '--force', '--time', '0']));
  return rm.code === 0 ? undefined : `podman rm on ${r.host}: ${rm.stderr.trim()}`;
}

/** Every docker container of the host, removed through its dockerd (when that still answers: else the sweep stops what is left). A fixed script. */
const DOCKER_RM_ALL = 'ids=$("$1" ps --all --quiet) || exit 0; [ -z "$ids" ] || exec "$1" rm --force $ids >/dev/null';

async function removeDockerContainers(run: Runner, r: Extract<Resource, { kind: 'containers' }>): Promise<string | undefined> {
  const docker = dockerCli();
  if (!docker) return undefined;
  const rm = await run.attempt(inRecordedHost(run, r, ['/bin/sh', '-c', DOCKER_RM_ALL, 'sh', docker]));
  return rm.code === 0 ? undefined : `docker rm on ${r.host}: ${rm.stderr.trim()}`;
}

/** Remove the host's cgroup subtree from every v1 hierarchy, from a throwaway mount of each (after its processes are gone). */
const CGROUP_REMOVE = `
name=$1; shift; d=$(mktemp -d); rc=0
for c in "$@"; do
  mkdir -p "$d/$c"
  if mount -t cgroup -o "$c" cgroup "$d/$c" 2>/dev/null; then
    if [ -d "$d/$c/$name" ]; then find "$d/$c/$name" -depth -type d -exec rmdir {} + || rc=1; fi
    umount "$d/$c"
  fi
  rmdir "$d/$c"
done
rmdir "$d"; exit $rc
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Remove a host's cgroup subtree; conmon's cgroup empties a moment after it exits, so try a few times (bounded). */
export async function removeCgroups(run: Runner, r: Extract<Resource, { kind: 'containers' }>): Promise<string | undefined> {
  let last = '';
  for (let attempt = 0; attempt < 10; attempt++) {
    const rm = await run.attempt([run.tools.unshare, '--mount', '--propagation', 'private', '--', '/bin/sh', '-euc', CGROUP_REMOVE, 'sh', r.cgroup, ...CGROUP_CONTROLLERS]);
    if (rm.code === 0) return undefined;
    last = rm.stderr.trim();
    await sleep(200);
  }
  return `cannot remove the cgroups ${r.cgroup} of ${r.host}: ${last}`;
}

export interface ContainerInfo {
  name: string;
  image: string;
  state: string;
  pid?: number;
  /** Which runtime runs it. */
  runtime?: 'podman' | 'docker';
}

/** Run `argv` inside a lab host (its mount, UTS and network namespaces); undefined when it fails. */
async function readInHost(nsenter: string, host: HostPlan, argv: readonly string[]): Promise<string | undefined> {
  const r = await execa(nsenter, [`--mount=${host.mntHolder}`, `--uts=${host.utsHolder}`, `--net=/run/netns/${host.netns}`, '--', ...argv], { reject: false, timeout: 20_000, env: { PATH: labPath() } });
  return r.exitCode === 0 ? String(r.stdout) : undefined;
}

/** The containers on one host (`podman ps --all`, and `docker ps --all` with `docker`), read through its namespaces; undefined when podman cannot be asked. */
export async function containersOn(host: HostPlan, docker = false): Promise<ContainerInfo[] | undefined> {
  const nsenter = findProgram('nsenter', labPath());
  const podman = findProgram('podman', labPath());
  if (!nsenter || !podman) return undefined;
  const dockerProgram = docker ? dockerCli() : undefined;
  const [p, d] = await Promise.all([
    readInHost(nsenter, host, [podman, 'ps', '--all', '--format', 'json']),
    // docker 20.10 has no `--format json`: one JSON object per line. Its State is a word (running, exited …); it lists no pid.
    dockerProgram ? readInHost(nsenter, host, [dockerProgram, 'ps', '--all', '--no-trunc', '--format', '{{json .}}']) : undefined,
  ]);
  if (p === undefined) return undefined;
  const list = JSON.parse(p || '[]') as { Names?: string[]; Image?: string; State?: string; Pid?: number }[];
  const out: ContainerInfo[] = list.map((c) => ({ name: c.Names?.[0] ?? '?', image: c.Image ?? '?', state: c.State ?? '?', pid: c.Pid || undefined, runtime: 'podman' }));
  for (const line of (d ?? '').split('\n')) {
    if (!line.trim()) continue;
    try {
      const c = JSON.parse(line) as { Names?: string; Image?: string; State?: string };
      out.push({ name: c.Names?.split(',')[0] ?? '?', image: c.Image ?? '?', state: c.State ?? '?', runtime: 'docker' });
    } catch {
      // not a line of docker's: skip it
    }
  }
  return out;
}

/**
 * The pid of a running docker container on a lab host (`docker ps` lists none, unlike
 * podman's): what `lab exec HOST/NAME` enters. Undefined when docker cannot say.
 */
export async function dockerPid(host: HostPlan, name: string): Promise<number | undefined> {
  const nsenter = findProgram('nsenter', labPath());
  const docker = dockerCli();
  if (!nsenter || !docker) return undefined;
  const out = await readInHost(nsenter, host, [docker, 'inspect', '--format', '{{.State.Pid}}', '--', name]);
  const pid = Number(out?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}
