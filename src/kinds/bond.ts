/** `bond NAME [on BRIDGE[@HOST] | on HOST] slaves …`: NICs bundled into one link (OVS bond or Linux bond). */
import type { BondMode, BondStmt, LacpMode } from '../lang/ast.js';
import type { Build, Kind } from './kind.js';

export const buildBond: Build = (b, base) => {
  const slaves = b.names('slaves');
  if (!slaves) return undefined;
  return {
    kind: 'bond', ...base, name: b.name(), on: b.onRef(), slaves,
    mode: b.text<BondMode>('mode'), lacp: b.text<LacpMode>('lacp'),
  };
};

export const bond: Kind<BondStmt> = {
  place(s, r) {
    // `on X`: a bridge X (on the current host, or X@HOST) makes an OVS bond; a host X a Linux bond.
    const ctx = r.ctx;
    let host: string | undefined;
    let bridge: string | undefined;
    if (s.on?.host) {
      host = s.on.host.value;
      bridge = s.on.name.value;
    } else if (s.on) {
      const x = s.on.name.value;
      const isBridgeHere = ctx.host !== undefined && r.isDeclared(`bridge ${ctx.host}/${x}`);
      if (isBridgeHere) [host, bridge] = [ctx.host, x];
      else host = x;
    } else {
      host = ctx.host;
      if (!host) return r.noContext(s.span, 'host', `add 'on HOST' (Linux bond) or 'on BRIDGE@HOST' (OVS bond)`);
    }
    if (r.declare(`bond ${host}/${s.name.value}`, `bond '${s.name.value}' on ${host}`, s, s.name.span))
      r.place({ stmt: s, host: host!, ...(bridge ? { bridge } : {}) });
  },
  resolve({ stmt: s, host, bridge }, r) {
    if (!r.knownHost(host!, r.hostSpan(s))) return;
    if (bridge && !r.knownBridge(host!, bridge, s.on!.name.span)) return;
    r.model.bonds.push({ stmt: s, host: host!, name: s.name.value, ...(bridge ? { bridge } : {}) });
  },
  concept: (s) =>
    `A bond joins ${s.slaves.map((x) => x.value).join(', ')} into one logical link for redundancy (active-backup) or bandwidth (balance modes, LACP/802.3ad negotiating with the switch)${s.on ? '' : ' as a Linux bond on the host'}. ${s.mode?.value === '802.3ad' || s.lacp ? 'LACP needs the switch ports configured as one aggregate too.' : ''}`.trim(),
  lower: ['ovs', 'linux'],
  example: 'bond bondx on br-int@hostA slaves eth7,eth8 mode active-backup',
  interfaceNames: (s) => [[s.name, 'bond'], ...s.slaves.map((x) => [x, 'bond slave'] as [typeof x, string])],
};
