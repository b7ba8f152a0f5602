/**
 * VN183: logical addresses hold together — a port's or router link's address inside its
 * switch's `subnet`; no IP or MAC twice on one logical switch; no two router ports of one
 * router (links and uplinks) in overlapping subnets (the router could not tell them apart).
 */
import type { Spanned } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { inSubnet, parseCidr, parseIpv4, subnetsOverlap } from '../ip.js';
import type { CheckRule } from './rule.js';

interface Use {
  value: Spanned<string>;
  what: string;
}

export const logicalAddresses: CheckRule = {
  id: 'logical-addresses',
  codes: ['VN183'],
  check({ model }) {
    const out: Diagnostic[] = [];
    const ovn = model.ovn;
    const ips = new Map<string, Use[]>();
    const macs = new Map<string, Use[]>();
    const use = (m: Map<string, Use[]>, sw: string, u: Use) => m.set(sw, [...(m.get(sw) ?? []), u]);
    for (const p of ovn.ports) {
      if (p.ip) use(ips, p.switch.value, { value: p.ip, what: `logical port ${p.name.value}` });
      if (p.mac) use(macs, p.switch.value, { value: { value: p.mac.value.toLowerCase(), span: p.mac.span }, what: `logical port ${p.name.value}` });
    }
    for (const l of ovn.links) {
      use(ips, l.switch.value, { value: { value: l.address.value.split('/')[0]!, span: l.address.span }, what: `router ${l.router.value}'s port` });
      if (l.mac) use(macs, l.switch.value, { value: { value: l.mac.value.toLowerCase(), span: l.mac.span }, what: `router ${l.router.value}'s port` });
    }
    // Inside the subnet.
    for (const [sw, list] of ips) {
      const subnet = ovn.switches.get(sw)?.subnet;
      const c = subnet && parseCidr(subnet.value);
      if (!c) continue;
      for (const u of list) {
        const ip = parseIpv4(u.value.value);
        if (ip === undefined || inSubnet(ip, c)) continue;
        out.push(
          diag('VN183', u.value.span, `${u.what} has ${u.value.value}, outside ${sw}'s subnet ${subnet!.value}`, {
            hint: `use an address in ${subnet!.value}, or change the switch's subnet`,
            related: [{ span: subnet!.span, message: `${sw}'s subnet` }],
          }),
        );
      }
    }
    // Once per switch.
    for (const [kind, table] of [['address', ips], ['MAC', macs]] as const) {
      for (const [sw, list] of table) {
        const first = new Map<string, Use>();
        // In the order written (ports and links are collected kind by kind).
        const inOrder = [...list].sort((a, b) => (a.value.span.file === b.value.span.file ? a.value.span.offset - b.value.span.offset : 0));
        for (const u of inOrder) {
          const had = first.get(u.value.value);
          if (!had) {
            first.set(u.value.value, u);
            continue;
          }
          out.push(
            diag('VN183', u.value.span, `${kind} ${u.value.value} is used twice on logical switch ${sw}: by ${had.what} and ${u.what}`, {
              hint: `give ${u.what} another ${kind}`,
              related: [{ span: had.value.span, message: `first used by ${had.what}` }],
            }),
          );
        }
      }
    }
    // Router ports in distinct subnets.
    const ports = new Map<string, Use[]>();
    for (const l of ovn.links) ports.set(l.router.value, [...(ports.get(l.router.value) ?? []), { value: l.address, what: `its link to ${l.switch.value}` }]);
    for (const u of ovn.uplinks) ports.set(u.router.value, [...(ports.get(u.router.value) ?? []), { value: u.address, what: `its uplink on VLAN ${u.vlan.value}` }]);
    for (const [router, list] of ports) {
      for (let i = 0; i < list.length; i++) {
        for (let j = 0; j < i; j++) {
          const [a, b] = [parseCidr(list[j]!.value.value), parseCidr(list[i]!.value.value)];
          if (!a || !b || !subnetsOverlap(a, b)) continue;
          out.push(
            diag('VN183', list[i]!.value.span, `router ${router}: ${list[i]!.what} (${list[i]!.value.value}) overlaps ${list[j]!.what} (${list[j]!.value.value})`, {
              hint: 'each router port needs a subnet of its own: the router picks the port by the destination address',
              related: [{ span: list[j]!.value.span, message: list[j]!.what }],
            }),
          );
        }
      }
    }
    return out;
  },
};
