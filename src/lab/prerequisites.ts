/**
 * What a lab needs from this machine, checked before anything is made: Linux, root,
 * `ip netns`, the programs it runs (resolved to absolute paths, so a PATH without
 * `/usr/sbin` still works) and the directories it mounts over. Everything missing is
 * reported at once, each with the Debian package that provides it.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { execa } from 'execa';
import { PrerequisiteError, type Missing } from './errors.js';

/** Absolute paths of the programs the lab runs. */
export interface Tools {
  ip: string;
  nsenter: string;
  unshare: string;
  mount: string;
  umount: string;
  find: string;
  hostname: string;
  ovsdbTool: string;
  ovsdbServer: string;
  ovsVswitchd: string;
  ovsVsctl: string;
  sshd: string;
  sshKeygen: string;
  /** Only with `--libvirt`. */
  libvirtd?: string;
  /** Only with `--containers`. */
  podman?: string;
  runc?: string;
  tar?: string;
  /** Only with `--docker`: dockerd, and the docker CLI that comes with it (Debian's, not another one earlier on PATH). */
  dockerd?: string;
  docker?: string;
  /** Only with `--ovn`. */
  ovnNorthd?: string;
  ovnController?: string;
  ovnSbctl?: string;
  ovnNbctl?: string;
}

type ToolKey = keyof Tools;

interface Program {
  key: ToolKey;
  name: string;
  package: string;
}

/** What `lab down` needs: enough to stop processes, unmount and delete links/namespaces. */
const TEARDOWN: readonly Program[] = [
  { key: 'ip', name: 'ip', package: 'iproute2' },
  { key: 'nsenter', name: 'nsenter', package: 'util-linux' },
  { key: 'umount', name: 'umount', package: 'mount' },
  { key: 'find', name: 'find', package: 'findutils' },
  // Container cgroups are removed from a throwaway mount of each hierarchy (containers.ts).
  { key: 'unshare', name: 'unshare', package: 'util-linux' },
  { key: 'mount', name: 'mount', package: 'mount' },
];

const UP: readonly Program[] = [
  ...TEARDOWN,
  { key: 'hostname', name: 'hostname', package: 'hostname' },
  { key: 'ovsdbTool', name: 'ovsdb-tool', package: 'openvswitch-switch' },
  { key: 'ovsdbServer', name: 'ovsdb-server', package: 'openvswitch-switch' },
  { key: 'ovsVswitchd', name: 'ovs-vswitchd', package: 'openvswitch-switch' },
  { key: 'ovsVsctl', name: 'ovs-vsctl', package: 'openvswitch-switch' },
  { key: 'sshd', name: 'sshd', package: 'openssh-server' },
  { key: 'sshKeygen', name: 'ssh-keygen', package: 'openssh-client' },
];

const LIBVIRT: readonly Program[] = [{ key: 'libvirtd', name: 'libvirtd', package: 'libvirt-daemon-system' }];
const CONTAINERS: readonly Program[] = [
  { key: 'podman', name: 'podman', package: 'podman' },
  // crun (podman's default) fails on this kind of machine (hybrid cgroups): LAB.md.
  { key: 'runc', name: 'runc', package: 'runc' },
  { key: 'tar', name: 'tar', package: 'tar' },
];
const DOCKER: readonly Program[] = [
  // dockerd starts its own containerd (package containerd, a dependency of docker.io).
  { key: 'dockerd', name: 'dockerd', package: 'docker.io' },
];
/**
 * The docker CLI installed with dockerd (Debian's docker.io: /usr/sbin/dockerd, /usr/bin/docker),
 * preferred over another \`docker\` earlier on PATH (a newer CLI in /usr/local/bin, say).
 */
export function dockerCliBeside(dockerd: string, searchPath: string): string | undefined {
  const prefix = dirname(dirname(dockerd));
  return findProgram('docker', [join(prefix, 'bin'), join(prefix, 'sbin')].join(delimiter)) ?? findProgram('docker', searchPath);
}
const OVN: readonly Program[] = [
  { key: 'ovnNorthd', name: 'ovn-northd', package: 'ovn-central' },
  { key: 'ovnController', name: 'ovn-controller', package: 'ovn-host' },
  { key: 'ovnSbctl', name: 'ovn-sbctl', package: 'ovn-common' },
  { key: 'ovnNbctl', name: 'ovn-nbctl', package: 'ovn-common' },
];

/** The static busybox the lab's container image is made of. */
export const BUSYBOX = '/bin/busybox';
/** OVN's database schemas. */
export const OVN_NB_SCHEMA = '/usr/share/ovn/ovn-nb.ovsschema';
export const OVN_SB_SCHEMA = '/usr/share/ovn/ovn-sb.ovsschema';
/** Needed by libvirt itself (virtual networks start dnsmasq; tests and users run virsh), not by the lab. */
const LIBVIRT_EXTRA = [
  { name: 'virsh', package: 'libvirt-clients' },
  { name: 'dnsmasq', package: 'dnsmasq-base' },
];

/** The OVS database schema `ovsdb-tool create` needs. */
export const OVS_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

/** Directories each host mounts its own copy over; they must exist as mount points. */
export const OVS_MOUNT_POINTS = ['/etc/openvswitch', '/var/log/openvswitch'];
export const LIBVIRT_MOUNT_POINTS = ['/etc/libvirt', '/var/lib/libvirt', '/var/log/libvirt', '/var/cache/libvirt'];
/** Podman's configuration: each host gets a copy with its own storage.conf and containers.conf. */
export const CONTAINER_MOUNT_POINTS = ['/etc/containers'];
export const OVN_MOUNT_POINTS = ['/etc/ovn', '/var/lib/ovn', '/var/log/ovn'];

/** Where daemons live on Debian even when PATH leaves them out (cron, sudo, CI). */
const SBIN = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** PATH for the lab's commands and daemons: the caller's, then the system directories. */
export function labPath(path = process.env.PATH ?? ''): string {
  return [...path.split(delimiter).filter(Boolean), ...SBIN].filter((d, i, all) => all.indexOf(d) === i).join(delimiter);
}

/** The absolute path of an executable `name` on `searchPath`, or undefined. */
export function findProgram(name: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      if (statSync(p).isFile()) {
        accessSync(p, constants.X_OK);
        return p;
      }
    } catch {
      // not here: keep looking
    }
  }
  return undefined;
}

export interface PrerequisiteOptions {
  /** `up` needs everything; `down` only what removes a lab. */
  purpose: 'up' | 'down';
  libvirt?: boolean;
  containers?: boolean;
  /** Implies containers. */
  docker?: boolean;
  ovn?: boolean;
  /** For tests: pretend to be this user / platform / PATH. */
  uid?: number;
  platform?: string;
  searchPath?: string;
  /** For tests: skip running `ip netns list`. */
  probeNetns?: boolean;
}

/** Check the machine; return the tools, or throw a PrerequisiteError listing all that is missing. */
export async function checkPrerequisites(options: PrerequisiteOptions): Promise<Tools> {
  const platform = options.platform ?? process.platform;
  if (platform !== 'linux') {
    throw new PrerequisiteError([{ what: `Linux (this is ${platform})`, detail: 'the lab is made of Linux network namespaces' }]);
  }
  const missing: Missing[] = [];
  const uid = options.uid ?? process.getuid?.() ?? -1;
  if (uid !== 0) missing.push({ what: 'root', detail: 'namespaces, links and mounts need root: run it with sudo' });

  const searchPath = options.searchPath ?? labPath();
  const up = options.purpose === 'up';
  const programs = [
    ...(up ? UP : TEARDOWN),
    ...(up && options.libvirt ? LIBVIRT : []),
    ...(up && (options.containers || options.docker) ? CONTAINERS : []),
    ...(up && options.docker ? DOCKER : []),
    ...(up && options.ovn ? OVN : []),
  ];
  const tools: Partial<Tools> = {};
  for (const p of programs) {
    const found = findProgram(p.name, searchPath);
    if (found) tools[p.key] = found;
    else if (!missing.some((m) => m.what === `${p.name} (program)`)) missing.push({ what: `${p.name} (program)`, package: p.package });
  }
  if (options.purpose === 'up') {
    if (!existsSync(OVS_SCHEMA)) missing.push({ what: OVS_SCHEMA, package: 'openvswitch-switch' });
    for (const d of OVS_MOUNT_POINTS) if (!existsSync(d)) missing.push({ what: `directory ${d}`, package: 'openvswitch-switch' });
    if (!existsSync('/dev/net/tun')) {
      missing.push({ what: '/dev/net/tun', detail: 'userspace OVS bridges are tap devices: the kernel needs CONFIG_TUN' });
    }
    if (options.libvirt) {
      for (const x of LIBVIRT_EXTRA) if (!findProgram(x.name, searchPath)) missing.push({ what: `${x.name} (program)`, package: x.package });
      for (const d of LIBVIRT_MOUNT_POINTS) if (!existsSync(d)) missing.push({ what: `directory ${d}`, package: 'libvirt-daemon-system' });
    }
    if (options.docker) {
      const cli = tools.dockerd && dockerCliBeside(tools.dockerd, searchPath);
      if (cli) tools.docker = cli;
      else if (tools.dockerd) missing.push({ what: 'docker (program)', package: 'docker.io' });
    }
    if (options.containers || options.docker) {
      if (!existsSync(BUSYBOX)) missing.push({ what: BUSYBOX, package: 'busybox-static', detail: 'the lab image localhost/vsh-busybox is made of it' });
      for (const d of CONTAINER_MOUNT_POINTS) if (!existsSync(d)) missing.push({ what: `directory ${d}`, package: 'podman' });
    }
    if (options.ovn) {
      for (const f of [OVN_NB_SCHEMA, OVN_SB_SCHEMA]) if (!existsSync(f)) missing.push({ what: f, package: 'ovn-central' });
      for (const d of OVN_MOUNT_POINTS) if (!existsSync(d)) missing.push({ what: `directory ${d}`, package: 'ovn-common' });
    }
  }
  // `ip` may be a busybox applet or too old for namespaces: ask it.
  if (tools.ip && uid === 0 && options.probeNetns !== false) {
    const r = await execa(tools.ip, ['netns', 'list'], { reject: false, timeout: 10_000 });
    if (r.exitCode !== 0) {
      missing.push({ what: "'ip netns'", package: 'iproute2', detail: `'ip netns list' failed: ${String(r.stderr).trim() || r.shortMessage}` });
    }
  }
  if (missing.length) throw new PrerequisiteError(missing);
  return tools as Tools;
}
