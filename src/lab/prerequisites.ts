/**
 * What a lab needs from this machine, checked before anything is made: Linux, root,
 * `ip netns`, the programs it runs (resolved to absolute paths, so a PATH without
 * `/usr/sbin` still works) and the directories it mounts over. Everything missing is
 * reported at once, each with the Debian package that provides it.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
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
];

const UP: readonly Program[] = [
  ...TEARDOWN,
  { key: 'unshare', name: 'unshare', package: 'util-linux' },
  { key: 'mount', name: 'mount', package: 'mount' },
  { key: 'hostname', name: 'hostname', package: 'hostname' },
  { key: 'ovsdbTool', name: 'ovsdb-tool', package: 'openvswitch-switch' },
  { key: 'ovsdbServer', name: 'ovsdb-server', package: 'openvswitch-switch' },
  { key: 'ovsVswitchd', name: 'ovs-vswitchd', package: 'openvswitch-switch' },
  { key: 'ovsVsctl', name: 'ovs-vsctl', package: 'openvswitch-switch' },
  { key: 'sshd', name: 'sshd', package: 'openssh-server' },
  { key: 'sshKeygen', name: 'ssh-keygen', package: 'openssh-client' },
];

const LIBVIRT: readonly Program[] = [{ key: 'libvirtd', name: 'libvirtd', package: 'libvirt-daemon-system' }];
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
  const programs = [...(options.purpose === 'up' ? UP : TEARDOWN), ...(options.purpose === 'up' && options.libvirt ? LIBVIRT : [])];
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
