/** VN143: a `passthru` macvtap has its `link` to itself: the kernel refuses any other macvtap on that link. */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';

export const macvtapPassthru: CheckRule = {
  id: 'macvtap-passthru',
  codes: ['VN143'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const m of model.macvtaps) {
      if (m.stmt.mode.value !== 'passthru') continue;
      const link = m.stmt.link.value;
      const others = model.macvtaps.filter((o) => o !== m && o.host === m.host && o.stmt.link.value === link);
      if (others.length === 0) continue;
      const names = others.map((o) => `'${o.name}' (${o.stmt.mode.value})`).join(', ');
      out.push(
        diag('VN143', m.stmt.link.span, `passthru macvtap '${m.name}' on ${m.host} needs link ${link} to itself, but macvtap ${names} also uses it`, {
          hint: `passthru is 1:1 with its link: move the other macvtaps to another NIC, or use mode bridge/vepa/private for all of them`,
          related: others.map((o) => ({ span: o.stmt.link.span, message: `macvtap '${o.name}' on ${link} here` })),
        }),
      );
    }
    return out;
  },
};
