/** VN142: each VF (host, PF, index) is attached once: a VF is one PCI function, handed to one guest. */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { AttachVfObj } from '../model.js';
import { joinSpans } from '../span.js';
import type { CheckRule } from './rule.js';

export const vfShared: CheckRule = {
  id: 'vf-shared',
  codes: ['VN142'],
  check({ model }) {
    const first = new Map<string, AttachVfObj>();
    const out: Diagnostic[] = [];
    for (const a of model.vfAttachments) {
      const vf = `${a.stmt.pf.value}#${a.stmt.vf.value}`;
      const key = `${a.host}/${vf}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, a);
        continue;
      }
      const [was, now] = [earlier.stmt.domain.value, a.stmt.domain.value];
      const message =
        was === now
          ? `VF ${vf} on ${a.host} is attached twice to domain '${now}'`
          : `VF ${vf} on ${a.host} is attached to both domain '${was}' and domain '${now}'`;
      out.push(
        diag('VN142', joinSpans(a.stmt.pf.span, a.stmt.vf.span), message, {
          hint: was === now ? 'remove one of the two attachments' : 'a VF goes to one guest only: give each guest its own VF index',
          related: [{ span: earlier.stmt.span, message: `first attached to '${was}' here` }],
        }),
      );
    }
    return out;
  },
};
