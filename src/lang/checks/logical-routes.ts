/**
 * VN184: a logical route's next hop (`via`, or an uplink's `gateway`) lies in a subnet of one
 * of the router's ports — otherwise the router has no port to send it out of.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { inSubnet, parseCidr, parseIpv4, type Cidr } from '../ip.js';
import type { CheckRule } from './rule.js';

export const logicalRoutes: CheckRule = {
  id: 'logical-routes',
  codes: ['VN184'],
  check({ model }) {
    const out: Diagnostic[] = [];
    const ovn = model.ovn;
    const subnets = new Map<string, { cidr: Cidr; text: string }[]>();
    const add = (router: string, text: string) => {
      const cidr = parseCidr(text);
      if (cidr) subnets.set(router, [...(subnets.get(router) ?? []), { cidr, text }]);
    };
    for (const l of ovn.links) add(l.router.value, l.address.value);
    for (const u of ovn.uplinks) add(u.router.value, u.address.value);
    for (const r of ovn.routes) {
      const via = parseIpv4(r.via.value);
      const mine = subnets.get(r.router.value) ?? [];
      if (via === undefined || mine.some((s) => inSubnet(via, s.cidr))) continue;
      out.push(
        diag('VN184', r.via.span, `router ${r.router.value} cannot reach next hop ${r.via.value}: it is in none of its ports' subnets${mine.length ? ` (${mine.map((s) => s.text).join(', ')})` : ' (it has no ports)'}`, {
          hint: `route via an address on one of ${r.router.value}'s links or uplinks, or link the router to that network`,
        }),
      );
    }
    for (const u of ovn.uplinks) {
      const c = parseCidr(u.address.value);
      const gw = u.gateway && parseIpv4(u.gateway.value);
      if (!u.gateway || !c || gw === undefined || inSubnet(gw, c)) continue;
      out.push(
        diag('VN184', u.gateway.span, `the gateway ${u.gateway.value} of ${u.router.value}'s uplink on VLAN ${u.vlan.value} is outside the uplink's subnet ${u.address.value}`, {
          hint: 'the gateway is the next hop on that VLAN: an address in the uplink subnet',
        }),
      );
    }
    return out;
  },
};
