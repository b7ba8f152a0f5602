/** The commands of the layer-3 driver: ip route (protocol 118 marks vsh's routes), sysctl and nft inside a namespace. */
import type { Command } from '../../exec/command.js';
import { ip } from '../linux/commands.js';
import { ROOT } from './desired.js';

/** The routing protocol number vsh's routes carry (`ip route … proto 118`), so it touches no other route. */
export const VSH_PROTO = '118';

const nsOf = (ns: string) => (ns === ROOT ? undefined : ns);

/** Run argv inside namespace `ns` (the host itself for ROOT). */
export function inNs(ns: string, argv: string[], stdin?: string): Command {
  return { argv: ns === ROOT ? argv : ['ip', 'netns', 'exec', ns, ...argv], ...(stdin === undefined ? {} : { stdin }) };
}

export interface RouteSpec {
  ns: string;
  dest: string;
  via: string;
  dev?: string;
}

export function routeCmd(verb: 'add' | 'del' | 'replace', r: RouteSpec): Command {
  return ip(nsOf(r.ns), 'route', verb, r.dest, 'via', r.via, ...(r.dev ? ['dev', r.dev] : []), 'proto', VSH_PROTO);
}

export const readRoutes = (ns: string): Command => ip(nsOf(ns), '-json', 'route', 'show', 'proto', VSH_PROTO);

export const readForward = (ns: string): Command => inNs(ns, ['cat', '/proc/sys/net/ipv4/ip_forward']);

export const setForward = (ns: string, on: boolean): Command => inNs(ns, ['sysctl', '-q', '-w', `net.ipv4.ip_forward=${on ? 1 : 0}`]);

/** The nftables table a project's NAT rules live in (nft names: letters, digits, _). */
export function natTable(project: string | undefined): string {
  return `vsh_${(project ?? 'vsh').replace(/[^A-Za-z0-9_]/g, '_')}`;
}

export interface NatRule {
  out: string;
  source?: string;
}

/** Replace the table whole, in one nft transaction: created empty first so that the delete never fails. */
export function writeNat(ns: string, table: string, rules: readonly NatRule[]): Command {
  const lines = [`table ip ${table}`, `delete table ip ${table}`];
  if (rules.length > 0) {
    lines.push(`table ip ${table} {`, '  chain postrouting {', '    type nat hook postrouting priority srcnat; policy accept;');
    for (const r of rules) lines.push(`    oifname "${r.out}"${r.source ? ` ip saddr ${r.source}` : ''} masquerade comment "vsh"`);
    lines.push('  }', '}');
  }
  return inNs(ns, ['nft', '-f', '-'], lines.join('\n') + '\n');
}

export const readNat = (ns: string, table: string): Command => inNs(ns, ['nft', '-j', 'list', 'table', 'ip', table]);
