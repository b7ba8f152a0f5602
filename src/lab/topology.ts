/**
 * A lab's names and addresses, computed from its directory, its lab number and its host
 * count — pure, so tests and `status` derive exactly what `up` made.
 *
 *   root namespace (the controller)                lab namespace vsh-<id>-underlay
 *   vsh<N>-mgmt  (Linux bridge, 10.254.N.1/24)     underlay (Linux bridge, no address)
 *     ├─ vsh<N>-hostA ══ veth ══ eth0 ┐              ├─ hostA ══ veth ══ eth1 ┐
 *     └─ vsh<N>-hostB ══ veth ══ eth0 │ hostB        └─ hostB ══ veth ══ eth1 │
 *                          namespace vsh-<id>-hostA: eth0 10.254.N.11/24 (sshd),
 *                          eth1 in OVS bridge br-phy (netdev) carrying 10.200.0.1/24
 *
 * - `<id>`: 6 hex digits of the SHA-256 of the lab directory's real path, so namespaces of
 *   two labs (and of parallel tests) never share a name, and a lab's names can be found
 *   again from its directory alone.
 * - `N` (0–255), the lab number: picks the management /24 and names the root-namespace
 *   links. It is claimed at `up` by creating the bridge `vsh<N>-mgmt` (creating a link is
 *   atomic: a second lab gets "File exists" and takes the next N), skipping any /24 the
 *   root namespace already routes or has a nameserver in. 10.254/16 because it is rare in
 *   real networks (10.255.255.x is this workplace's DNS; 172.16/12 is Docker's and AWS's).
 * - The management network is the only thing in the root namespace: the controller needs
 *   a route to every host's sshd, and nothing else. It routes nowhere else — hosts have no
 *   default route and the root namespace holds only the connected /24.
 * - The underlay is a bridge inside a namespace of its own, not in the root namespace:
 *   tunnel traffic and the hosts' broadcasts never reach the controller, the root
 *   namespace gets no route to 10.200.0.0/24 (so every lab can use the same underlay
 *   addresses, the ones the examples use), and removing that namespace removes it all.
 * - Host interfaces are `eth0` (management) and `eth1` (underlay), as on a small server,
 *   so scripts can say `uplink eth1`.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';

/**
 * 64 hosts: OVN at scale wants that many chassis (LAB.md "OVN at scale"). Names, addresses
 * and root-namespace link names all still fit: hostBL is the 64th, `vsh255-hostBL` is 13 bytes,
 * management .11–.74, underlay .1–.64.
 */
export const MAX_HOSTS = 64;
/** Management networks are 10.254.N.0/24, N the lab number. */
export const MGMT_BASE = '10.254';
/** Every lab's underlay (private to the lab's underlay namespace). */
export const UNDERLAY_PREFIX = '10.200.0';
export const UNDERLAY_SUBNET = `${UNDERLAY_PREFIX}.0/24`;
/** The alias set on every root-namespace link, so `down` deletes only links it made. */
export const LINK_ALIAS_PREFIX = 'vsh-lab:';

export interface HostPlan {
  name: string;
  index: number;
  /** Network namespace (also the name people pass to `ip netns exec`). */
  netns: string;
  /** The management veth's end in the root namespace, enslaved to the management bridge. */
  mgmtLink: string;
  mgmtAddress: string;
  /** The underlay veth's end inside the underlay namespace. */
  underlayPort: string;
  underlayAddress: string;
  /** Per-host files: config, keys, and the directories mounted over /run, /etc/openvswitch, … */
  dir: string;
  /** Bind mounts that keep the host's mount and UTS namespaces alive (nsenter targets). */
  mntHolder: string;
  utsHolder: string;
}

export interface LabPlan {
  dir: string;
  id: string;
  labNo: number;
  libvirt: boolean;
  /** Podman prepared on every host (`--containers`, implied by `--docker`). */
  containers: boolean;
  /** Also one dockerd per host (`--docker`): containers.ts. */
  docker: boolean;
  /** OVN: central on the first host, ovn-controller on every host (`--ovn`). */
  ovn: boolean;
  mgmtBridge: string;
  mgmtSubnet: string;
  controller: string;
  underlayNetns: string;
  underlayBridge: string;
  alias: string;
  /** The private mount holding the namespace holders (see host.ts). */
  nsDir: string;
  hostsDir: string;
  files: LabFiles;
  hosts: HostPlan[];
}

export interface LabFiles {
  state: string;
  inventory: string;
  key: string;
  publicKey: string;
  knownHosts: string;
  sshConfig: string;
}

/** `hostA` … `hostZ`, then `hostAA` … `hostAZ`, `hostBA` … (spreadsheet columns: the first 26 keep their names). */
export function hostName(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `host${letters}`;
}

/** The lab id: 6 hex digits of SHA-256 of the directory's real path. */
export function labIdOf(realDir: string): string {
  return createHash('sha256').update(realDir).digest('hex').slice(0, 6);
}

/** Lab numbers in the order `up` tries them: from one derived from the id, so parallel labs rarely race for the same N. */
export function labNoCandidates(id: string): number[] {
  const start = parseInt(id.slice(0, 2), 16);
  return Array.from({ length: 256 }, (_, k) => (start + k) % 256);
}

export function managementSubnet(labNo: number): string {
  return `${MGMT_BASE}.${labNo}.0/24`;
}

export function labFiles(dir: string): LabFiles {
  return {
    state: join(dir, 'lab.json'),
    inventory: join(dir, 'hosts.vnet'),
    key: join(dir, 'id_ed25519'),
    publicKey: join(dir, 'id_ed25519.pub'),
    knownHosts: join(dir, 'known_hosts'),
    sshConfig: join(dir, 'ssh_config'),
  };
}

/** What a lab runs besides OVS and sshd. */
export interface LabExtras {
  containers?: boolean;
  /** Implies containers. */
  docker?: boolean;
  ovn?: boolean;
}

/** Everything `up` makes for a lab of `count` hosts in `dir` (an absolute real path). */
export function planLab(dir: string, id: string, labNo: number, count: number, libvirt: boolean, extras: LabExtras = {}): LabPlan {
  const nsDir = join(dir, 'namespaces');
  const hostsDir = join(dir, 'hosts');
  const hosts = Array.from({ length: count }, (_, index): HostPlan => {
    const name = hostName(index);
    return {
      name,
      index,
      netns: `vsh-${id}-${name}`,
      mgmtLink: `vsh${labNo}-${name}`,
      mgmtAddress: `${MGMT_BASE}.${labNo}.${11 + index}`,
      underlayPort: name,
      underlayAddress: `${UNDERLAY_PREFIX}.${1 + index}`,
      dir: join(hostsDir, name),
      mntHolder: join(nsDir, `${name}.mnt`),
      utsHolder: join(nsDir, `${name}.uts`),
    };
  });
  return {
    dir,
    id,
    labNo,
    libvirt,
    containers: (extras.containers ?? false) || (extras.docker ?? false),
    docker: extras.docker ?? false,
    ovn: extras.ovn ?? false,
    mgmtBridge: `vsh${labNo}-mgmt`,
    mgmtSubnet: managementSubnet(labNo),
    controller: `${MGMT_BASE}.${labNo}.1`,
    underlayNetns: `vsh-${id}-underlay`,
    underlayBridge: 'underlay',
    alias: `${LINK_ALIAS_PREFIX}${id}`,
    nsDir,
    hostsDir,
    files: labFiles(dir),
    hosts,
  };
}

/**
 * The lab directory is written into sshd_config, ssh_config and .vnet strings; keep it to
 * characters that need no quoting anywhere (`%` is a token in ssh configs, `"` ends a .vnet string).
 */
export const SAFE_DIR = /^\/[A-Za-z0-9._@+=,:\/-]*$/;
