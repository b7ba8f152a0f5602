/**
 * VN164: a `dhcp` range that dnsmasq would refuse or that would hand out a wrong address:
 * reversed, outside the subnet of the server's `address` (dnsmasq serves a range only on
 * an interface in its subnet), holding the network or broadcast address, or holding the
 * server's own address or the gateway (a client given it clashes with the host that has it).
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { formatIpv4, formatSubnet, inSubnet, parseCidr, parseIpv4, parseRange } from '../ip.js';
import type { CheckRule } from './rule.js';

/** VN164: a dhcp range that is reversed, leaves the subnet, or holds an address in use. */
export const dhcpRange: CheckRule = {
  id: 'dhcp-range',
  codes: ['VN164'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const { stmt: s } of model.dhcps) {
      const c = parseCidr(s.address.value);
      const r = parseRange(s.range.value);
      if (!c || !r) continue; // not IPv4 at all: VN001 says so
      const [a, b] = r;
      const subnet = formatSubnet(c);
      const related = [{ span: s.address.span, message: `the server's address, in ${subnet}` }];
      if (a > b) {
        out.push(diag('VN164', s.range.span, `dhcp range ${s.range.value} is reversed: it starts after it ends`, { hint: `write 'range ${formatIpv4(b)}-${formatIpv4(a)}'` }));
        continue;
      }
      if (!inSubnet(a, c) || !inSubnet(b, c)) {
        out.push(
          diag('VN164', s.range.span, `dhcp range ${s.range.value} is not inside ${subnet}, the subnet of the server's address ${s.address.value}`, {
            hint: `dnsmasq leases only from a subnet its interface is on: pick the range inside ${subnet} (${formatIpv4(c.network + 1)}-${formatIpv4(c.broadcast - 1)}), or change 'address'`,
            related,
          }),
        );
        continue;
      }
      const inside = (ip: number) => ip >= a && ip <= b;
      if (c.prefix < 31 && (inside(c.network) || inside(c.broadcast))) {
        const which = inside(c.network) ? `the network address ${formatIpv4(c.network)}` : `the broadcast address ${formatIpv4(c.broadcast)}`;
        out.push(diag('VN164', s.range.span, `dhcp range ${s.range.value} holds ${which} of ${subnet}, which no host may have`, { hint: `start the range at ${formatIpv4(c.network + 1)} or later and end it at ${formatIpv4(c.broadcast - 1)} or earlier`, related }));
      }
      if (inside(c.address)) {
        out.push(diag('VN164', s.range.span, `dhcp range ${s.range.value} holds the server's own address ${formatIpv4(c.address)}: a client leased it would clash with the server`, { hint: 'move the range or the address so that the range leaves the address out', related }));
      }
      const gw = s.gateway && parseIpv4(s.gateway.value);
      if (s.gateway && gw !== undefined && gw !== c.address && inside(gw)) {
        out.push(
          diag('VN164', s.range.span, `dhcp range ${s.range.value} holds the gateway ${s.gateway.value}: a client leased it would take the router's address`, {
            hint: 'leave the gateway out of the range',
            related: [{ span: s.gateway.span, message: 'gateway given here' }],
          }),
        );
      }
    }
    return out;
  },
};
