/** VN112: an interface is a member of at most one bridge, once (a port, an uplink, or an OVS bond). */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';
import { describeMember, membersByHostName, type BridgeMember } from './bridge-members.js';

function clash(first: BridgeMember, m: BridgeMember): Diagnostic {
  const related = [{ span: first.span, message: `first attached here, as ${describeMember(first)}` }];
  if (first.bridge === m.bridge)
    // An exact repeat of one port is merged or refused by resolve (VN104/VN105); this is a port that is also the uplink or the bond.
    return diag('VN112', m.span, `interface '${m.name}' is attached to bridge '${m.bridge}' twice on ${m.host} (as ${first.role} and as ${m.role})`, {
      hint: `declare it once: it is already ${describeMember(first)}`,
      related,
    });
  const what =
    first.role === m.role && m.role === 'port'
      ? `is attached to bridges '${first.bridge}' and '${m.bridge}'`
      : `is ${describeMember(first)} and ${describeMember(m)}`;
  return diag('VN112', m.span, `interface '${m.name}' on ${m.host} ${what}`, {
    hint: 'an interface can be a member of one bridge only: remove one of the two (join bridges with a veth pair or a tunnel)',
    related,
  });
}

export const bridgeMembership: CheckRule = {
  id: 'bridge-membership',
  codes: ['VN112'],
  check({ model, statements }) {
    const out: Diagnostic[] = [];
    for (const group of membersByHostName(model, statements).values()) {
      const [first, ...rest] = group;
      for (const m of rest) out.push(clash(first!, m));
    }
    return out;
  },
};
