/** `sriov PF [on HOST] vfs INT`: virtual functions on an SR-IOV physical function. */
import type { SriovStmt } from '../lang/ast.js';
import type { Build, Kind } from './kind.js';
import { placeOnHost } from './place.js';

export const buildSriov: Build = (b, base) => {
  const vfs = b.int('vfs');
  return vfs ? { kind: 'sriov', ...base, pf: b.name(), on: b.onRef(), vfs } : undefined;
};

export const sriov: Kind<SriovStmt> = {
  place: (s, r) => placeOnHost(s, r, 'sriov', s.pf, 'sriov statement'),
  resolve({ stmt: s, host }, r) {
    if (r.knownHost(host!, r.hostSpan(s))) r.model.sriovs.push({ stmt: s, host: host! });
  },
  concept: (s) =>
    `SR-IOV splits one physical NIC (the PF ${s.pf.value}) into ${s.vfs.value} virtual functions, each a PCI device a guest can own. The count is written to sysfs (device/sriov_numvfs); changing a non-zero count needs a 0 first, which briefly removes the existing VFs.`,
  lower: ['sriov'],
  example: 'sriov ens9f0 on hostA vfs 4',
  interfaceNames: (s) => [[s.pf, 'physical function']],
};
