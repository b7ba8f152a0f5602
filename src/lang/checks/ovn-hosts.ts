/**
 * VN181: the hosts OVN statements name exist and are chassis: `ovn chassis HOST` on a
 * declared host, a logical port's `host` and an uplink's `chassis` on an `ovn chassis`.
 */
import type { Spanned } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { closest } from '../suggest.js';
import type { CheckRule } from './rule.js';

export const ovnHosts: CheckRule = {
  id: 'ovn-hosts',
  codes: ['VN181'],
  check({ model }) {
    const out: Diagnostic[] = [];
    const hosts = [...model.hosts.keys()];
    const chassis = [...model.ovn.chassis.keys()];
    const unknownHost = (h: Spanned<string>, what: string) => {
      const guess = closest(h.value, hosts);
      out.push(diag('VN181', h.span, `${what} names host '${h.value}', which is not declared`, { hint: guess ? `did you mean '${guess}'?` : `declare it: 'host ${h.value} address IPV4'` }));
    };
    for (const s of model.ovn.chassis.values()) if (!model.hosts.has(s.host.value)) unknownHost(s.host, "'ovn chassis'");
    const onChassis = (h: Spanned<string>, what: string) => {
      if (!model.hosts.has(h.value)) return unknownHost(h, what);
      if (model.ovn.chassis.has(h.value)) return;
      out.push(
        diag('VN181', h.span, `${what} is on ${h.value}, which is not an OVN chassis`, {
          hint: `add 'ovn chassis ${h.value}' (its ovn-controller is what realizes it there)${chassis.length ? `, or use one of the chassis: ${chassis.join(', ')}` : ''}`,
        }),
      );
    };
    for (const p of model.ovn.ports) onChassis(p.host, `logical port ${p.name.value}`);
    for (const u of model.ovn.uplinks) onChassis(u.chassis, `the uplink of ${u.router.value} on VLAN ${u.vlan.value}`);
    return out;
  },
};
