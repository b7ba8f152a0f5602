/** `vlan IFACE.VID [on HOST]`: an 802.1Q VLAN sub-interface. */
import type { VlanStmt } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import type { Build, Kind } from './kind.js';
import { placeOnHost } from './place.js';

export const buildVlan: Build = (b, base) => {
  const full = b.name();
  const dot = full.value.lastIndexOf('.');
  const vidText = dot > 0 ? full.value.slice(dot + 1) : '';
  if (!/^\d+$/.test(vidText)) {
    b.diagnostics.push(
      diag('VN001', full.span, `vlan takes IFACE.VID (e.g. ens224.10), found '${full.value}'`, {
        hint: 'name the parent interface, a dot, and the VLAN id',
      }),
    );
    return undefined;
  }
  const s = full.span;
  return {
    kind: 'vlan', ...base, name: full, on: b.onRef(), address: b.text('address'),
    parent: { value: full.value.slice(0, dot), span: { ...s, endOffset: s.offset + dot, endColumn: s.column + dot } },
    vid: { value: Number(vidText), span: { ...s, offset: s.offset + dot + 1, column: s.column + dot + 1 } },
  };
};

export const vlan: Kind<VlanStmt> = {
  place: (s, r) => placeOnHost(s, r, 'vlan', s.name),
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, r.hostSpan(s))) r.model.vlans.push({ stmt: s, host: host! });
  },
  concept: (s) =>
    `A VLAN sub-interface ${s.name.value} sends and receives frames of VLAN ${s.vid.value} on ${s.parent.value}, tagged on the wire and untagged to the host: the host joins one VLAN of a trunk.${s.address ? ` With ${s.address.value} on it, the host has an address on that VLAN (a router-on-a-stick leg).` : ''}`,
  lower: ['linux'],
  example: 'vlan eth6.30 on hostA',
  interfaceNames: (s) => [[s.name, 'VLAN interface']],
  vlans: (s) => ({ ids: [s.vid], lists: [] }),
  addresses: (s) => [[s.address, 'cidr']],
};
