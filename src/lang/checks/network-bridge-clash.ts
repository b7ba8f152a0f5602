/**
 * VN133: a nat/route/isolated network's `bridge` (which libvirt creates) is neither a bridge
 * declared on that host nor the bridge another such network creates there. `mode bridge`
 * networks join an existing bridge on purpose: never a clash (and the bridge need not be declared).
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey } from '../model.js';
import { createsBridge, statementOrder } from './network-util.js';
import type { CheckRule } from './rule.js';

const HINT = "libvirt creates the bridge of a nat/route/isolated network itself: give it its own name, or use 'mode bridge' to join an existing bridge";

export const networkBridgeClash: CheckRule = {
  id: 'network-bridge-clash',
  codes: ['VN133'],
  check({ statements, model }) {
    const order = statementOrder(statements);
    const networks = [...model.networks.values()];
    const out: Diagnostic[] = [];
    for (const n of networks) {
      const br = n.stmt.bridge;
      if (!br || !createsBridge(n.stmt.mode.value)) continue;
      const where = `network '${n.name}' on ${n.host}`;
      const declared = model.bridges.get(hostKey(n.host, br.value));
      if (declared) {
        out.push(
          diag('VN133', br.span, `${where} would create bridge '${br.value}', but bridge '${br.value}' is declared on ${n.host}`, {
            hint: HINT,
            related: [{ span: declared.stmt.name.span, message: `bridge '${br.value}' declared here` }],
          }),
        );
        continue;
      }
      // Two networks would both create it: blame the later one only. (A bridge-mode
      // network naming it just joins it, which is its purpose.)
      const other = networks.find(
        (m) => m.host === n.host && m.stmt.bridge?.value === br.value && createsBridge(m.stmt.mode.value) && order(m.stmt) < order(n.stmt),
      );
      if (other)
        out.push(
          diag('VN133', br.span, `${where} would create bridge '${br.value}', which network '${other.name}' on ${n.host} also uses`, {
            hint: HINT,
            related: [{ span: other.stmt.bridge!.span, message: `network '${other.name}' uses '${br.value}' here` }],
          }),
        );
    }
    return out;
  },
};
