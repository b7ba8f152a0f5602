/** VN144: a NIC enslaved to a bond is used by that bond only: not in a second bond, not listed twice, not a bridge port or uplink. */
import { diag, type Diagnostic, type Span } from '../diagnostics.js';
import { hostKey } from '../model.js';
import type { CheckRule } from './rule.js';
import { byHostName, describeMember, membersByHostName } from './bridge-members.js';

interface Slave {
  host: string;
  name: string;
  bond: string;
  span: Span;
}

export const bondSlaves: CheckRule = {
  id: 'bond-slaves',
  codes: ['VN144'],
  check({ model, statements }) {
    const out: Diagnostic[] = [];
    // model.bonds follows source order, and slaves within a bond are in written order.
    const slaves: Slave[] = model.bonds.flatMap((b) => b.stmt.slaves.map((s) => ({ host: b.host, name: s.value, bond: b.name, span: s.span })));
    if (slaves.length === 0) return out;
    for (const group of byHostName(slaves).values()) {
      const [first, ...rest] = group;
      for (const s of rest) {
        const msg =
          s.bond === first!.bond
            ? `'${s.name}' is listed twice as a slave of bond '${s.bond}' on ${s.host}`
            : `'${s.name}' on ${s.host} is a slave of bonds '${first!.bond}' and '${s.bond}'`;
        out.push(
          diag('VN144', s.span, msg, {
            hint: s.bond === first!.bond ? 'list each slave once' : 'a NIC can be a slave of one bond only',
            related: [{ span: first!.span, message: `first enslaved here` }],
          }),
        );
      }
    }
    // A slave's frames arrive on the bond, not on the slave: attaching the slave to a bridge too steals it from the bond.
    const members = membersByHostName(model, statements);
    for (const s of slaves) {
      const m = members.get(hostKey(s.host, s.name))?.find((x) => x.role !== 'bond');
      if (!m) continue;
      out.push(
        diag('VN144', s.span, `'${s.name}' on ${s.host} is a slave of bond '${s.bond}' and also ${describeMember(m)}`, {
          hint: `attach the bond instead: ${m.role === 'uplink' ? `'uplink ${s.bond}'` : `'port ${s.bond} on ${m.bridge}'`} (a slave carries traffic only through its bond)`,
          related: [{ span: m.span, message: `'${s.name}' is attached to bridge '${m.bridge}' here` }],
        }),
      );
    }
    return out;
  },
};
