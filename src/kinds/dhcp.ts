/** `dhcp on BRIDGE[@HOST] [tag VID] address CIDR range RANGE …`: a DHCP server (dnsmasq) on a segment. */
import type { DhcpStmt } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { hostKey } from '../lang/model.js';
import type { Build, Kind } from './kind.js';
import { bridgeOf } from './place.js';

export const buildDhcp: Build = (b, base) => {
  const address = b.text('address');
  const range = b.text('range');
  if (!address || !range) return undefined;
  return {
    kind: 'dhcp', ...base, on: b.onRef(), tag: b.int('tag'), address, range,
    gateway: b.text('gateway'), dns: b.text('dns'), lease: b.int('lease'),
  };
};

/** The lease time dnsmasq hands out when the script gives none (its own default, 1h, is short for a lab left running). */
export const DEFAULT_LEASE = 43200;

export const dhcp: Kind<DhcpStmt> = {
  place(s, r) {
    const at = bridgeOf(s, r);
    if (!at) return;
    const { host, bridge } = at;
    const vid = s.tag?.value ?? 0;
    const where = `${bridge}@${host}${vid ? ` VLAN ${vid}` : ''}`;
    if (r.declare(`dhcp ${host}/${bridge}/${vid}`, `dhcp server on ${where}`, s, s.on?.span ?? s.span)) r.place({ stmt: s, host, bridge });
  },
  resolve({ stmt: s, host, bridge }, r) {
    const span = s.on?.span ?? s.span;
    if (!r.knownHost(host!, s.on?.host?.span ?? span)) return;
    if (!r.knownBridge(host!, bridge!, s.on?.name.span ?? span)) return;
    if (s.tag && r.model.bridges.get(hostKey(host!, bridge!))?.kind === 'linux') {
      // A Linux bridge carries VLANs only with vlan filtering, which this project's lab kernel lacks (VN115); vsh serves VLANs from OVS bridges.
      r.report(diag('VN004', s.tag.span, `'tag' on a dhcp server applies to an OVS bridge; ${bridge}@${host} is a linux bridge`, { hint: `serve the bridge untagged (drop 'tag'), or make ${bridge} 'kind ovs'` }));
      return;
    }
    r.model.dhcps.push({ stmt: s, host: host!, bridge: bridge!, vid: s.tag?.value ?? 0 });
  },
  concept(s) {
    const vlan = s.tag
      ? `It sits on VLAN ${s.tag.value} only (an access port tagged ${s.tag.value}), so it answers clients of that VLAN wherever the VLAN reaches — across trunks and tunnels that carry it — and no one else: one DHCP server per VLAN, as a router's "ip helper" or a per-VLAN pool would be.`
      : 'It sits on the untagged segment of the bridge, and answers every client that segment reaches, across tunnels too.';
    const opts = [s.gateway && `the default router ${s.gateway.value} (option 3)`, s.dns && `the DNS server ${s.dns.value} (option 6)`].filter(Boolean);
    return (
      `A DHCP server hands out addresses from ${s.range.value} to whoever asks on its layer-2 segment. A client without an address broadcasts DISCOVER; the server OFFERs a free address; the client REQUESTs it; the server ACKs and records the lease (DORA: four messages; DISCOVER and REQUEST are broadcasts, since the client has no address yet). ${vlan} ` +
      `vsh runs dnsmasq as the server, on an interface of its own that holds ${s.address.value}, bound to that one interface (--interface, --bind-interfaces) so that it never answers on the host's other networks — a stray DHCP server on the wrong segment hands out wrong addresses and is hard to find. ` +
      `Leases last ${s.lease?.value ?? DEFAULT_LEASE} s${opts.length ? `; with each lease goes ${opts.join(' and ')}` : ''}.`
    );
  },
  lower: ['dhcp'],
  example: 'dhcp on br-int@hostA tag 10 address 10.79.0.1/24 range 10.79.0.100-10.79.0.150 gateway 10.79.0.1',
  addresses: (s) => [
    [s.address, 'cidr'],
    [s.range, 'range'],
    [s.gateway, 'ipv4'],
    [s.dns, 'ipv4'],
  ],
  vlans: (s) => ({ ids: s.tag ? [s.tag] : [], lists: [] }),
};
