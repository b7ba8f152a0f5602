/** `portgroup NAME [of NETWORK] [tag VID | trunk VLIST] [default]`: VLAN settings inside a libvirt network. */
import type { PortgroupStmt } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { hostKey } from '../lang/model.js';
import { expandVlans, formatVlans } from '../lang/vlans.js';
import type { Build, Kind } from './kind.js';

export const buildPortgroup: Build = (b, base) => ({
  kind: 'portgroup', ...base, name: b.name(),
  of: b.text('of'), tag: b.int('tag'), trunk: b.vlist('trunk'), default: b.flag('default'),
});

export const portgroup: Kind<PortgroupStmt> = {
  place(s, r) {
    const network = s.of?.value ?? r.ctx.network;
    const host = r.ctx.host;
    if (!network) return r.noContext(s.span, 'network', `add 'of NETWORK', or declare the network first`);
    if (!host) return r.noContext(s.span, 'host', `'use HOST' first: 'of ${network}' names a network on the current host`);
    if (r.declare(`portgroup ${host}/${network}/${s.name.value}`, `portgroup '${s.name.value}' of ${network}`, s, s.name.span))
      r.place({ stmt: s, host, network });
  },
  resolve({ stmt: s, host, network }, r) {
    if (!r.model.networks.has(hostKey(host!, network!))) {
      r.report(diag('VN102', s.of?.span ?? s.span, `unknown network '${network}' on ${host}`, { hint: `declare it: 'network ${network} mode …'` }));
      return;
    }
    r.model.portgroups.push({ stmt: s, host: host!, network: network!, name: s.name.value });
  },
  concept: (s) =>
    `A portgroup is a named set of settings inside a libvirt network${s.tag ? `, here VLAN ${s.tag.value}${s.trunk ? ' native on a trunk' : ''}` : s.trunk ? `, here a trunk of VLANs ${formatVlans(expandVlans(s.trunk.value))}` : ''}. A guest that names it gets those settings every time it starts — the persistent way to put guests on OVS VLANs, where a tag set by hand on a vnetN port is lost at the next restart.${s.default ? ' As the default portgroup it applies to guests that name none.' : ''}`,
  lower: ['libvirt'],
  example: 'portgroup pgx of ovsnet tag 10',
  vlans: (s) => ({ ids: s.tag ? [s.tag] : [], lists: s.trunk ? [s.trunk.value] : [] }),
};
