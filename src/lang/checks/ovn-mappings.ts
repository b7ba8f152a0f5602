/** VN182: an uplink's physical network is mapped to an OVS bridge on its gateway chassis (`ovn chassis … mapping PHYSNET:BRIDGE`). */
import { diag, type Diagnostic } from '../diagnostics.js';
import { closest } from '../suggest.js';
import type { CheckRule } from './rule.js';

export const ovnMappings: CheckRule = {
  id: 'ovn-mappings',
  codes: ['VN182'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const u of model.ovn.uplinks) {
      const ch = model.ovn.chassis.get(u.chassis.value);
      if (!ch) continue; // VN181
      const nets = ch.mappings.map((m) => m.key.value);
      if (nets.includes(u.network.value)) continue;
      const guess = closest(u.network.value, nets);
      out.push(
        diag('VN182', u.network.span, `physical network '${u.network.value}' has no bridge mapping on chassis ${u.chassis.value}: the localnet port for VLAN ${u.vlan.value} would reach no wire`, {
          hint: guess ? `did you mean '${guess}'?` : `add 'mapping ${u.network.value}:BRIDGE' to 'ovn chassis ${u.chassis.value}' (the OVS bridge with the uplink NIC, e.g. br-phy)`,
          related: [{ span: ch.span, message: nets.length ? `${u.chassis.value} maps ${nets.join(', ')}` : `${u.chassis.value} maps no physical network` }],
        }),
      );
    }
    return out;
  },
};
