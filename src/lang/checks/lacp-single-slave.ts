/** VN145 (warning): an LACP bond (`mode 802.3ad`, or `lacp active|passive`) has more than one slave, else it bundles nothing. */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';

export const lacpSingleSlave: CheckRule = {
  id: 'lacp-single-slave',
  codes: ['VN145'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const { stmt, host, name } of model.bonds) {
      const lacp = stmt.mode?.value === '802.3ad' || stmt.lacp?.value === 'active' || stmt.lacp?.value === 'passive';
      const [only, ...rest] = stmt.slaves;
      if (!lacp || !only || rest.length > 0) continue;
      const why = stmt.mode?.value === '802.3ad' ? 'mode 802.3ad' : `lacp ${stmt.lacp!.value}`;
      out.push(
        diag('VN145', only.span, `bond '${name}' on ${host} uses ${why} with a single slave (${only.value})`, {
          hint: 'add a second slave, or drop the bond and use the NIC directly',
        }),
      );
    }
    return out;
  },
};
