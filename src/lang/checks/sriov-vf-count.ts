/** VN140: `sriov PF vfs N` asks for no more VFs than the PF supports: its live `sriov_totalvfs`, or 256 when the host has not been read. */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';

/** Without live facts: no common NIC exposes more VFs per PF (Intel/Mellanox stop at 64-256). */
const STATIC_MAX = 256;

export const sriovVfCount: CheckRule = {
  id: 'sriov-vf-count',
  codes: ['VN140'],
  live: true,
  check({ model, facts }) {
    const out: Diagnostic[] = [];
    for (const { stmt, host } of model.sriovs) {
      const pf = stmt.pf.value;
      const total = facts?.get(host)?.sriovTotalVfs?.get(pf);
      const wanted = stmt.vfs.value;
      if (wanted <= (total ?? STATIC_MAX)) continue;
      const message =
        total !== undefined
          ? `sriov on ${pf} (${host}) asks for ${wanted} VFs, but ${pf} supports at most ${total} (sriov_totalvfs)`
          : `sriov on ${pf} (${host}) asks for ${wanted} VFs, more than the ${STATIC_MAX} any PF supports`;
      out.push(diag('VN140', stmt.vfs.span, message, { hint: `use at most ${total ?? STATIC_MAX}; the device's limit is in /sys/class/net/${pf}/device/sriov_totalvfs` }));
    }
    return out;
  },
};
