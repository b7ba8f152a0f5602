/** VN141: `attach … to vf PF#N` uses a VF that exists: N below the `vfs` declared for PF on that host (no `sriov` statement: nothing to check statically). */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey, type SriovObj } from '../model.js';
import type { CheckRule } from './rule.js';

export const vfIndex: CheckRule = {
  id: 'vf-index',
  codes: ['VN141'],
  check({ model }) {
    const declared = new Map<string, SriovObj>(model.sriovs.map((s) => [hostKey(s.host, s.stmt.pf.value), s]));
    const out: Diagnostic[] = [];
    for (const { stmt, host } of model.vfAttachments) {
      const sriov = declared.get(hostKey(host, stmt.pf.value));
      const vfs = sriov?.stmt.vfs.value;
      if (vfs === undefined || stmt.vf.value < vfs) continue;
      const pf = stmt.pf.value;
      const exist = vfs === 0 ? 'declares no VFs' : `declares ${vfs} VF${vfs === 1 ? '' : 's'} (${pf}#0-${pf}#${vfs - 1})`;
      out.push(
        diag('VN141', stmt.vf.span, `VF ${pf}#${stmt.vf.value} for domain '${stmt.domain.value}' does not exist on ${host}: sriov ${pf} ${exist}`, {
          hint: `VFs are numbered from 0: raise 'vfs' to at least ${stmt.vf.value + 1}, or pick a lower index`,
          related: [{ span: sriov!.stmt.vfs.span, message: `vfs declared here` }],
        }),
      );
    }
    return out;
  },
};
