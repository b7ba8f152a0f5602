/** VN180: `logical …` statements need an `ovn central` — the northbound database they are written to. */
import { diag } from '../diagnostics.js';
import type { CheckRule } from './rule.js';

export const ovnCentral: CheckRule = {
  id: 'ovn-central',
  codes: ['VN180'],
  check({ statements }) {
    if (statements.some((s) => s.kind === 'ovn-central')) return [];
    const logical = statements.filter((s) => s.kind.startsWith('logical-'));
    if (logical.length === 0) return [];
    const more = logical.length > 1 ? ` (and ${logical.length - 1} more logical statement${logical.length > 2 ? 's' : ''})` : '';
    return [
      diag('VN180', logical[0]!.span, `a logical network needs an OVN central, and none is declared${more}`, {
        hint: "add 'ovn central HOST' (the host running the OVN northbound database; 'vsh lab up --ovn' writes it into the lab's hosts.vnet)",
      }),
    ];
  },
};
