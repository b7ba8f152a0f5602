/**
 * VN135: portgroups: at most one `default` per network; VLANs (`tag`/`trunk`, both together
 * = a native-untagged trunk, allowed) only on `virtualport openvswitch` or `mode hostdev`
 * networks, where libvirt can apply them; `attach … portgroup NAME` names a portgroup of that network.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey, type PortgroupObj } from '../model.js';
import { closest } from '../suggest.js';
import type { CheckRule } from './rule.js';

export const portgroups: CheckRule = {
  id: 'portgroups',
  codes: ['VN135'],
  check({ model }) {
    const out: Diagnostic[] = [];
    const defaults = new Map<string, PortgroupObj>();
    for (const pg of model.portgroups) {
      const key = hostKey(pg.host, pg.network);
      const network = model.networks.get(key);
      const where = `portgroup '${pg.name}' of network '${pg.network}' on ${pg.host}`;
      if (pg.stmt.default) {
        const first = defaults.get(key);
        if (!first) defaults.set(key, pg);
        else
          out.push(
            diag('VN135', pg.stmt.default.span, `${where} is a second default: '${first.name}' already is the default`, {
              hint: "keep 'default' on one portgroup only",
              related: [{ span: first.stmt.default!.span, message: `portgroup '${first.name}' is the default here` }],
            }),
          );
      }
      const vlan = pg.stmt.optionSpans.tag ?? pg.stmt.optionSpans.trunk;
      const net = network?.stmt;
      if (vlan && net && net.virtualport?.value !== 'openvswitch' && net.mode.value !== 'hostdev')
        out.push(
          diag('VN135', vlan, `${where} sets VLANs, but libvirt can only tag on Open vSwitch or SR-IOV networks, and '${pg.network}' is mode ${net.mode.value} without virtualport openvswitch`, {
            hint: "make the network 'mode bridge bridge OVSBRIDGE virtualport openvswitch' (or mode hostdev), or drop the VLAN",
            related: [{ span: net.name.span, message: `network '${pg.network}' declared here` }],
          }),
        );
    }
    for (const a of model.attachments) {
      const want = a.stmt.portgroup;
      if (!want) continue;
      const network = a.stmt.network.value;
      const names = model.portgroups.filter((pg) => pg.host === a.host && pg.network === network).map((pg) => pg.name);
      if (names.includes(want.value)) continue;
      const guess = closest(want.value, names);
      out.push(
        diag('VN135', want.span, `unknown portgroup '${want.value}' in network '${network}' on ${a.host}`, {
          hint: guess
            ? `did you mean '${guess}'?`
            : names.length
              ? `portgroups of '${network}': ${names.join(', ')}`
              : `declare it: 'portgroup ${want.value} of ${network}'`,
        }),
      );
    }
    return out;
  },
};
