/**
 * The layer-3 driver: IPv4 forwarding in namespaces, static routes (in namespaces or on the
 * host) and NAT masquerade (nftables) — what turns the wires into routed networks. Runs
 * after the Linux driver has made the namespaces, links and addresses it relies on.
 */
import type { Backend } from '../backend.js';
import { diag } from '../../lang/diagnostics.js';
import { desiredL3 } from './desired.js';
import { l3Probes, readL3, type L3State } from './read.js';
import { destroyL3, planL3 } from './steps.js';

export const l3Backend: Backend<L3State> = {
  id: 'l3',
  probes: (view) => l3Probes(desiredL3(view), view.project),
  read(view, outputs) {
    const d = desiredL3(view);
    const state = readL3(d, outputs);
    const diagnostics =
      outputs && !state.nft
        ? [diag('VN201', d.nats[0]!.span, `nftables is not installed on ${view.name} (no nft), and the model has NAT there`, { hint: 'install the nftables package on the host' })]
        : [];
    return { state, diagnostics };
  },
  plan: (view, state) => planL3(view.name, desiredL3(view), state, view.project),
  destroy: (view, state) => destroyL3(view.name, desiredL3(view), state, view.project),
};
