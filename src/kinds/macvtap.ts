/** `macvtap NAME [on HOST] link IFACE mode …`: a virtual NIC stacked directly on a NIC. */
import type { MacvtapMode, MacvtapStmt } from '../lang/ast.js';
import type { Build, Kind } from './kind.js';
import { placeOnHost } from './place.js';

export const buildMacvtap: Build = (b, base) => {
  const link = b.text('link');
  const name = b.name();
  // Without `mode`, vepa: the kernel's and libvirt's default. A wrong mode drops the statement (VN001 said why).
  const mode = b.optionSpans.mode ? b.text<MacvtapMode>('mode') : { value: 'vepa' as const, span: name.span };
  return link && mode ? { kind: 'macvtap', ...base, name, on: b.onRef(), link, mode } : undefined;
};

export const macvtap: Kind<MacvtapStmt> = {
  place: (s, r) => placeOnHost(s, r, 'macvtap', s.name),
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, r.hostSpan(s))) r.model.macvtaps.push({ stmt: s, host: host!, name: s.name.value });
  },
  concept(s) {
    const mode = {
      vepa: 'VEPA sends even guest-to-guest traffic out to the external switch, which must hairpin it back (802.1Qbg): the switch sees and polices everything',
      bridge: 'bridge mode switches traffic between macvtaps on the same NIC inside the host: the fastest guest-to-guest path, but the host itself cannot reach them over that NIC',
      private: 'private mode isolates the macvtaps on one NIC from each other entirely, even through the external switch',
      passthru: 'passthru hands the whole NIC to one macvtap (and guest), 1:1, e.g. to give a guest a VF with its MAC and promiscuity',
    }[s.mode.value];
    return `A macvtap stacks a virtual NIC with its own MAC directly on ${s.link.value}, with no bridge in between: a guest gets near-native speed. In ${mode}.`;
  },
  lower: ['linux'],
  example: 'macvtap mvx on hostA link eth9 mode bridge',
  interfaceNames: (s) => [[s.name, 'macvtap'], [s.link, 'macvtap link']],
};
