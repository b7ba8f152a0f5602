/** VN120: a tunnel's two ends are on different hosts (a tunnel to itself has no remote to reach). */
import { diag, type Diagnostic } from '../diagnostics.js';
import { tunnelLabel } from '../segments.js';
import type { CheckRule } from './rule.js';

/** VN120: a tunnel whose two ends are on one host. */
export const tunnelSelf: CheckRule = {
  id: 'tunnel-self',
  codes: ['VN120'],
  check({ model }) {
    return model.tunnels
      .filter((t) => t.ends[0].host === t.ends[1].host)
      .map((t): Diagnostic => {
        const [a, b] = t.ends;
        return diag('VN120', b.span, `tunnel ${tunnelLabel(t)} goes from ${a.host} to itself`, {
          hint:
            a.bridge === b.bridge
              ? `name another host as the far end`
              : `join two bridges on one host with a veth pair or OVS patch ports, not a tunnel`,
          related: [{ span: a.span, message: `the other end, also on ${a.host}` }],
        });
      });
  },
};
