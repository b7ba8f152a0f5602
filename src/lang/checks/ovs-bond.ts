/**
 * VN146: a bond on an Open vSwitch bridge that OVS cannot build. OVS has no round-robin
 * mode (`ovs-vswitchd` rejects `bond_mode=balance-rr`), and `ovs-vsctl add-bond` refuses a
 * bond of fewer than two slaves. A Linux bond (`bond NAME on HOST`, or on a Linux bridge)
 * has both, so the hint offers it.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey } from '../model.js';
import type { CheckRule } from './rule.js';

export const ovsBond: CheckRule = {
  id: 'ovs-bond',
  codes: ['VN146'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const { stmt, host, name, bridge } of model.bonds) {
      if (!bridge || model.bridges.get(hostKey(host, bridge))?.kind !== 'ovs') continue;
      if (stmt.mode?.value === 'balance-rr')
        out.push(
          diag('VN146', stmt.mode.span, `Open vSwitch has no round-robin bond mode: bond '${name}' on bridge '${bridge}' (${host}) cannot be balance-rr`, {
            hint: "use 'mode balance-slb' or 'mode balance-tcp' (with lacp), or make it a Linux bond ('bond NAME on HOST')",
          }),
        );
      if (stmt.slaves.length < 2)
        out.push(
          diag('VN146', stmt.slaves[0]?.span ?? stmt.span, `an Open vSwitch bond needs at least two slaves: bond '${name}' on bridge '${bridge}' (${host}) has ${stmt.slaves.length}`, {
            hint: `add a slave, or put the NIC on the bridge as a port ('port ${stmt.slaves[0]?.value ?? 'NIC'} on ${bridge}')`,
          }),
        );
    }
    return out;
  },
};
