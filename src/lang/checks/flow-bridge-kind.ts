/** VN171: flows live on Open vSwitch bridges only (a Linux bridge has no OpenFlow tables). */
import { diag } from '../diagnostics.js';
import { hostKey } from '../model.js';
import type { CheckRule } from './rule.js';

export const flowBridgeKind: CheckRule = {
  id: 'flow-bridge-kind',
  codes: ['VN171'],
  check({ model }) {
    return model.flows.flatMap((f) => {
      const b = model.bridges.get(hostKey(f.host, f.bridge));
      if (!b || b.kind === 'ovs') return [];
      return [
        diag('VN171', f.stmt.on?.name.span ?? f.stmt.span, `flow on ${f.bridge}@${f.host}, a Linux bridge: only Open vSwitch bridges have OpenFlow tables`, {
          hint: `make it 'bridge ${f.bridge} kind ovs', or filter on a Linux bridge with nftables (bridge family) instead`,
          related: [{ span: b.stmt.span, message: `bridge ${f.bridge} declared here (kind ${b.kind})` }],
        }),
      ];
    });
  },
};
