/**
 * Desired DHCP servers and clients against what was read → steps. A server is one step:
 * `+` makes its interface and starts dnsmasq; `~` (any difference: dnsmasq not running,
 * another argv, the interface's address, bridge or tag) stops and starts it again; `-`
 * stops what this project runs and the model no longer declares. A client with no IPv4
 * address gets a `+` lease step; one that has an address is left alone — a lease is not a
 * difference — and the address is reported as a note (plan, diff).
 */
import { LOOK, PHASE, type HostView, type Step } from '../backend.js';
import { dropLease, hasLease, leaseCommands } from './client.js';
import type { Want, WantClient, WantServer } from './desired.js';
import { endpointLabel, inEndpoint } from './endpoint.js';
import type { DhcpState, HaveServer } from './read.js';
import { serverRuns, startDaemon, startServer, stopDaemon, stopServer, type ServerShape } from './server.js';

/** `--dhcp-range=…` → `dhcp-range`, for change lines. */
const optionName = (arg: string): string => arg.replace(/^--/, '').split('=')[0]!;

/** What differs between a server as read and as wanted, as `field: old -> new` lines. */
export function serverChanges(want: WantServer, have: HaveServer): string[] {
  const out: string[] = [];
  if (!have.argv) out.push(`dnsmasq: ${have.pid ? `pid ${have.pid} not running` : 'not running'} -> running`);
  else {
    const byName = (argv: readonly string[]) => new Map(argv.slice(1).map((a) => [optionName(a), a] as const));
    const [was, now] = [byName(have.argv), byName(want.argv)];
    for (const name of new Set([...was.keys(), ...now.keys()])) {
      const [a, b] = [was.get(name), now.get(name)];
      if (a !== b) out.push(`${name}: ${a?.split('=').slice(1).join('=') || (a ? '(set)' : '-')} -> ${b?.split('=').slice(1).join('=') || (b ? '(set)' : '-')}`);
    }
  }
  if (!have.addresses.includes(want.address)) out.push(`address: ${have.addresses.join(', ') || '-'} -> ${want.address}`);
  if (have.bridge !== want.bridge) out.push(`bridge: ${have.bridge ?? '-'} -> ${want.bridge}`);
  else if (want.bridgeKind === 'ovs' && (have.vid ?? 0) !== want.vid) out.push(`tag: ${have.vid || '-'} -> ${want.vid || '-'}`);
  return out;
}

/** A server as read, as far as it can be made again (for the undo of a removal). */
function shapeOf(have: HaveServer): ServerShape | undefined {
  const address = have.addresses[0];
  if (!have.argv || !address || !have.bridge) return undefined;
  return { iface: have.iface, bridge: have.bridge, bridgeKind: have.vid === undefined ? 'linux' : 'ovs', vid: have.vid ?? 0, address, argv: have.argv };
}

const serverExplain = (w: WantServer): string =>
  `Serves DHCP on ${w.label.replace(/^dhcp server on /, '')}: ${w.bridgeKind === 'ovs' ? `an OVS internal port ${w.iface}${w.vid ? ` (an access port of VLAN ${w.vid})` : ''}` : `a veth ${w.iface} whose other end is enslaved to ${w.bridge}`} carries ${w.address}, and dnsmasq bound to that one interface leases addresses to whoever broadcasts a DISCOVER there. dnsmasq daemonizes (it outlives this SSH session); its pid, lease and log files are in the project's directory under /run/vsh.`;

export function planDhcp(view: HostView, want: Want, state: DhcpState): Step[] {
  const steps: Step[] = [];
  const base = { host: view.name, backend: 'dhcp' as const };
  const wanted = new Set(want.servers.map((s) => s.iface));
  for (const [iface, have] of state.servers) {
    if (wanted.has(iface)) continue;
    steps.push(removeServer(view, want.dir, have, 'it is no longer declared'));
  }
  for (const w of want.servers) {
    const have = state.servers.get(w.iface);
    const look = { argv: ['sh', '-c', 'ip -br addr show dev "$1"; cat "$2"', 'sh', w.iface, `${want.dir}/${w.iface}.leases`] };
    const start = startServer(w, want.dir, view.project);
    if (!have) {
      steps.push({ ...base, action: '+', object: w.label, phase: PHASE.dhcpServers, commands: start, undo: stopServer(w.iface, want.dir), verify: serverRuns(w.iface, want.dir), explain: serverExplain(w), span: w.span, look });
      continue;
    }
    const changes = serverChanges(w, have);
    if (changes.length === 0) continue;
    const before = shapeOf(have);
    // Only dnsmasq's options changed: restart it on the interface it has, keeping its leases.
    const daemonOnly = changes.every((c) => !/^(address|bridge|tag):/.test(c));
    steps.push({
      ...base,
      action: '~',
      object: w.label,
      phase: PHASE.dhcpServers,
      commands: daemonOnly ? [stopDaemon(w.iface, want.dir, true), ...startDaemon(w, want.dir)] : [...stopServer(w.iface, want.dir), ...start],
      undo: daemonOnly
        ? [stopDaemon(w.iface, want.dir, true), ...(have.argv ? startDaemon({ ...w, argv: have.argv }, want.dir) : [])]
        : [...stopServer(w.iface, want.dir), ...(before ? startServer(before, want.dir, view.project) : [])],
      verify: serverRuns(w.iface, want.dir),
      explain: `Restarts the DHCP server (dnsmasq reads its options only when it starts). ${serverExplain(w)}`,
      changes,
      span: w.span,
      look,
    });
  }
  for (const c of want.clients) {
    if (!state.read) {
      steps.push(leaseStep(view, c));
      continue;
    }
    const leased = state.leases.get(endpointLabel(c.endpoint, c.iface)) ?? [];
    if (leased.length === 0) steps.push(leaseStep(view, c));
  }
  return steps;
}

function leaseStep(view: HostView, c: WantClient): Step {
  const who = endpointLabel(c.endpoint, c.iface);
  return {
    host: view.name,
    backend: 'dhcp',
    action: '+',
    object: `lease for ${who} (port ${c.port} on ${c.segment})`,
    phase: PHASE.dhcpClients,
    commands: leaseCommands(c),
    undo: dropLease(c),
    verify: hasLease(c),
    explain: `Runs a DHCP client (busybox udhcpc) inside ${c.endpoint.name} on ${c.iface}: it broadcasts DISCOVER on ${c.segment}, ${c.servers.length > 0 ? `dnsmasq on ${c.servers[0]} OFFERs` : 'a server OFFERs'} an address, the client REQUESTs it and the server ACKs; then the address goes on ${c.iface}. The step waits for that, at most about 20 s.`,
    span: c.span,
    look: { argv: [...inEndpoint(c.endpoint), 'ip', '-4', 'addr', 'show', 'dev', c.iface] },
  };
}

function removeServer(view: HostView, dir: string, have: HaveServer, why: string): Step {
  const before = shapeOf(have);
  return {
    host: view.name,
    backend: 'dhcp',
    action: '-',
    object: `dhcp server ${have.iface}${have.bridge ? ` on ${have.bridge}${have.vid ? ` VLAN ${have.vid}` : ''}` : ''}`,
    phase: PHASE.dhcpServers,
    commands: stopServer(have.iface, dir),
    undo: before ? startServer(before, dir, view.project) : [],
    explain: `Stops the DHCP server vsh runs on ${have.iface} (${why}) and removes its interface and files. Leases it gave keep their addresses until the clients ask again.`,
  };
}

/** Destroy: stop every declared server that runs; leases go with their interfaces (the Linux driver removes the veths). */
export function destroyDhcp(view: HostView, want: Want, state: DhcpState): Step[] {
  return want.servers.flatMap((w) => {
    const have = state.servers.get(w.iface);
    return have ? [{ ...removeServer(view, want.dir, have, 'destroy'), span: w.span }] : [];
  });
}

/** The leases read back, for people: `cli:eth0 has 10.50.0.124/24 (leased by DHCP)`. */
export function leaseNotes(want: Want, state: DhcpState): string[] {
  return want.clients.flatMap((c) => {
    const who = endpointLabel(c.endpoint, c.iface);
    const leased = state.leases.get(who) ?? [];
    return leased.length > 0 ? [`${who} (port ${c.port}) has ${leased.join(', ')}, leased by DHCP`] : [];
  });
}
