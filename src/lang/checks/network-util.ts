/** Small helpers shared by the address and libvirt-network checks (VN130–VN135). */
import type { NetworkMode, Statement } from '../ast.js';

/** nat/route/isolated networks get a bridge that libvirt creates and addresses itself; bridge/hostdev ones do not. */
export function createsBridge(mode: NetworkMode): boolean {
  return mode === 'nat' || mode === 'route' || mode === 'isolated';
}

/**
 * Statement → position in the script (across files), so a check can point at the second
 * of two places: the model's maps are not in source order (containers are resolved first).
 */
export function statementOrder(statements: readonly Statement[]): (s: Statement) => number {
  // Several rules ask for the same script's order: build the index once per script.
  let order = orders.get(statements);
  if (!order) {
    order = new Map();
    for (let i = 0; i < statements.length; i++) order.set(statements[i]!, i);
    orders.set(statements, order);
  }
  const index = order;
  return (s) => index.get(s) ?? statements.length;
}

const orders = new WeakMap<readonly Statement[], Map<Statement, number>>();
