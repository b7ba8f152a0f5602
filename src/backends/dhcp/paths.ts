/**
 * Where a project's DHCP servers live on a host: one directory per project under /run/vsh
 * (tmpfs: gone at reboot, like the processes), holding per server its pid file, lease file
 * and log, named after the server's interface; and the interface names themselves.
 */
import { createHash } from 'node:crypto';
import { RUN_DIR } from '../../exec/run-dir.js';

/** The directory of a project's DHCP files (the legacy, project-less marks get their own). */
export function dhcpDir(project: string | undefined): string {
  return `${RUN_DIR}/${project ?? '.legacy'}/dhcp`;
}

/** The file of a server (`pid`, `leases`, `log`) in `dir`. */
export const serverFile = (dir: string, iface: string, ext: 'pid' | 'leases' | 'log'): string => `${dir}/${iface}.${ext}`;

/** The script busybox udhcpc runs to apply a lease (one per host, shared by every project). */
export const CLIENT_SCRIPT_PATH = `${RUN_DIR}/udhcpc.sh`;

/**
 * The server's interface on the bridge: `dh10-br-c` (VLAN 10 of br-c) when that is short,
 * else `dh` and a hash of bridge and VLAN; at most 13 bytes, so that the Linux-bridge end
 * of its veth (`…-b`) fits the kernel's 15. Every name starts with `dh`, the reader's filter.
 */
export function serverIface(bridge: string, vid: number): string {
  const plain = `dh${vid}-${bridge}`;
  if (plain.length <= 13) return plain;
  return `dh${createHash('sha256').update(`${bridge}/${vid}`).digest('hex').slice(0, 8)}`;
}

/** The bridge end of a server's veth on a Linux bridge. */
export const bridgeEnd = (iface: string): string => `${iface}-b`;
