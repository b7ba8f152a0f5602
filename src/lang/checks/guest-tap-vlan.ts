/** VN116: a VLAN tag/trunk set directly on a libvirt guest's `vnetN` port is lost when the guest restarts. */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';

/** libvirt names a guest's tap `vnetN` and makes a new one each time the guest starts. */
const GUEST_TAP = /^vnet\d+$/;

export const guestTapVlan: CheckRule = {
  id: 'guest-tap-vlan',
  codes: ['VN116'],
  check({ model }) {
    const out: Diagnostic[] = [];
    // Only `system` ports: a tap vsh creates itself (type tap) is vsh's own and keeps its settings.
    for (const p of model.ports) {
      const vlan = p.stmt.tag ?? p.stmt.trunk;
      if (p.type !== 'system' || !GUEST_TAP.test(p.name) || !vlan) continue;
      out.push(
        diag('VN116', p.stmt.optionSpans[p.stmt.tag ? 'tag' : 'trunk'] ?? vlan.span, `the VLAN setting on '${p.name}' (bridge '${p.bridge}' on ${p.host}) is lost when the guest restarts: libvirt recreates its vnetN port`, {
          hint: "put the VLAN in a portgroup of a 'virtualport openvswitch' network and 'attach DOMAIN to NETWORK portgroup NAME'",
        }),
      );
    }
    return out;
  },
};
