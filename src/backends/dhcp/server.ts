/**
 * A DHCP server's commands: its interface on the bridge (an OVS internal port, tagged with
 * the VLAN, or a veth whose other end is enslaved to a Linux bridge), its address, and the
 * dnsmasq that daemonizes there (so it outlives the SSH session). Each list is argv only;
 * the one shell snippet (stopping a server) is constant text with the paths as arguments.
 */
import type { Command } from '../../exec/command.js';
import { bridgeEnd, serverFile } from './paths.js';

/** The mark of what the DHCP driver makes: its own, so the Linux and OVS drivers leave it alone. */
export const dhcpMark = (project: string | undefined): string => `vsh-dhcp:${project ?? ''}`;

/** How to make a server, as read back or as wanted. */
export interface ServerShape {
  iface: string;
  bridge: string;
  bridgeKind: 'ovs' | 'linux';
  vid: number;
  address: string;
  argv: readonly string[];
  /** The Linux bridge's MTU, for both ends of the veth (a smaller port would lower the bridge's). */
  mtu?: number;
}

const ip = (...args: string[]): Command => ({ argv: ['ip', ...args] });

/** Make the interface, address it, bring it up, start dnsmasq. */
export function startServer(s: ServerShape, dir: string, project: string | undefined): Command[] {
  return [...makeIface(s, project), ...startDaemon(s, dir)];
}

/** Start dnsmasq (it daemonizes, writing its pid file). */
export const startDaemon = (s: ServerShape, dir: string): Command[] => [{ argv: ['mkdir', '-p', dir] }, { argv: [...s.argv] }];

/** The server's interface on the bridge, addressed and up. */
export function makeIface(s: ServerShape, project: string | undefined): Command[] {
  const mark = dhcpMark(project);
  const mtu = s.mtu ? ['mtu', String(s.mtu)] : [];
  const iface: Command[] =
    s.bridgeKind === 'ovs'
      ? [
          {
            argv: [
              'ovs-vsctl', 'add-port', s.bridge, s.iface, ...(s.vid ? [`tag=${s.vid}`] : []),
              '--', 'set', 'Interface', s.iface, 'type=internal',
              '--', 'set', 'Port', s.iface, `external_ids:vsh-dhcp=${project ?? ''}`,
            ],
          },
        ]
      : [
          ip('link', 'add', 'name', s.iface, ...mtu, 'type', 'veth', 'peer', 'name', bridgeEnd(s.iface), ...mtu),
          ip('link', 'set', 'dev', s.iface, 'alias', mark),
          ip('link', 'set', 'dev', bridgeEnd(s.iface), 'alias', mark),
          ip('link', 'set', 'dev', bridgeEnd(s.iface), 'master', s.bridge),
          ip('link', 'set', 'dev', bridgeEnd(s.iface), 'up'),
        ];
  return [...iface, ip('addr', 'add', s.address, 'dev', s.iface), ip('link', 'set', 'dev', s.iface, 'up')];
}

/**
 * Stop the server (only if its pid is a dnsmasq: a stale pid file must not kill another
 * process), wait for it to go (bounded: 5 s), remove its files — but its leases when $3 is
 * `keep` (a restart keeps what it leased). Constant script, paths as $1 $2.
 */
const STOP_SCRIPT = [
  'p=$(cat "$1/$2.pid" 2>/dev/null)',
  'if [ -n "$p" ] && [ "$(cat /proc/$p/comm 2>/dev/null)" = dnsmasq ]; then',
  '  kill "$p"; i=0',
  '  while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i+1)); done',
  'fi',
  'rm -f "$1/$2.pid" "$1/$2.log"',
  '[ "$3" = keep ] || { rm -f "$1/$2.leases"; rmdir "$1" "${1%/*}" 2>/dev/null; }',
  'true',
].join('\n');

/** Stop dnsmasq, then remove the interface (OVS port and/or veth, whichever it is). */
export function stopServer(iface: string, dir: string): Command[] {
  return [stopDaemon(iface, dir, false), { argv: ['sh', '-c', 'ovs-vsctl --timeout=10 --if-exists del-port "$1" 2>/dev/null; ip link del dev "$1" 2>/dev/null; true', 'sh', iface] }];
}

/** Stop dnsmasq only; `keepLeases` for a restart. */
export const stopDaemon = (iface: string, dir: string, keepLeases: boolean): Command => ({ argv: ['sh', '-c', STOP_SCRIPT, 'sh', dir, iface, keepLeases ? 'keep' : 'drop'] });

/** A check that the server runs: its pid file names a live dnsmasq. */
export function serverRuns(iface: string, dir: string): Command {
  return { argv: ['sh', '-c', 'p=$(cat "$1") && [ "$(cat /proc/$p/comm)" = dnsmasq ]', 'sh', serverFile(dir, iface, 'pid')] };
}
