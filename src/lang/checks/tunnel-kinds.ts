/**
 * VN125: a tunnel between an OVS bridge and a Linux bridge that has a `trunk` list. OVS
 * gre/vxlan/geneve ports and Linux gretap/vxlan/geneve devices interoperate on the wire,
 * so mixed kinds alone are fine; but without vlan filtering the Linux end has nothing
 * like OVS's `trunks=` to restrict the tunnel to the listed VLANs, so the two ends would
 * not agree on what the tunnel carries. A trunk between two Linux bridges is lowered the
 * same way on both ends (`bridge vlan`, see VN115), so it is not reported here.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey } from '../model.js';
import { bridgeLabel, tunnelLabel } from '../segments.js';
import { expandVlans, formatVlans } from '../vlans.js';
import type { CheckRule } from './rule.js';

/** VN125: a trunked tunnel between an ovs and a linux bridge. */
export const tunnelKinds: CheckRule = {
  id: 'tunnel-kinds',
  codes: ['VN125'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const t of model.tunnels) {
      const trunk = t.stmt.trunk;
      const kinds = t.ends.map((e) => model.bridges.get(hostKey(e.host, e.bridge))?.kind);
      if (!trunk || kinds[0] === kinds[1] || !kinds[0] || !kinds[1]) continue;
      const linux = t.ends[kinds[0] === 'linux' ? 0 : 1];
      const list = formatVlans(expandVlans(trunk.value));
      out.push(
        diag(
          'VN125',
          linux.span,
          `tunnel ${tunnelLabel(t)} joins an ovs bridge to a linux bridge with trunk ${list}: the linux end ${bridgeLabel(linux.host, linux.bridge)} cannot enforce the trunk list the way OVS 'trunks=' does without vlan filtering`,
          {
            hint: `make both bridges 'kind ovs', or drop the tunnel's trunk list`,
            related: [{ span: trunk.span, message: 'trunk list here' }],
          },
        ),
      );
    }
    return out;
  },
};
