/**
 * VN115: VLAN tags/trunks on a port of a `linux` bridge on a host without bridge vlan
 * filtering. Whether a kernel has it is a host fact: without facts (`vsh check`) nothing
 * is reported, since real hosts usually have it and vsh lowers such ports with
 * `bridge vlan`; with facts that list the host's features and lack 'vlan-filtering', it
 * is an error. Facts without a feature list say nothing either way.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey } from '../model.js';
import { bridgeLabel } from '../segments.js';
import type { CheckRule } from './rule.js';

/** VN115: a tagged/trunked port on a linux bridge whose host's kernel lacks vlan filtering (live facts only). */
export const linuxBridgeVlans: CheckRule = {
  id: 'linux-bridge-vlans',
  codes: ['VN115'],
  live: true,
  check({ model, facts }) {
    const out: Diagnostic[] = [];
    if (!facts) return out;
    for (const p of model.ports) {
      const features = facts.get(p.host)?.features;
      const vlan = p.stmt.tag ?? p.stmt.trunk;
      if (!vlan || !features || features.has('vlan-filtering')) continue;
      if (model.bridges.get(hostKey(p.host, p.bridge))?.kind !== 'linux') continue;
      const what = p.stmt.tag ? `tag ${p.stmt.tag.value}` : 'a trunk';
      out.push(
        diag(
          'VN115',
          vlan.span,
          `port '${p.name}' on linux bridge ${bridgeLabel(p.host, p.bridge)} has ${what}, but ${p.host}'s kernel has no bridge vlan filtering`,
          { hint: `make ${p.bridge} 'kind ovs' (OVS handles VLANs itself), or drop the VLAN options` },
        ),
      );
    }
    return out;
  },
};
