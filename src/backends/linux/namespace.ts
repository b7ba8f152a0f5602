/**
 * `namespace NAME`: `ip netns add NAME`, its loopback up (a namespace starts with `lo`
 * down, and much breaks without it), and `lo` marked so that `destroy` deletes only
 * namespaces vsh made.
 */
import type { Command } from '../../exec/command.js';
import { ip, linkSet, mark } from './commands.js';
import type { HostModel } from './host-model.js';
import type { Desired } from './spec.js';

/** The commands that make a namespace ready; `alias` marks its `lo` (ownership.ts). */
export function createNamespace(name: string, alias: string): Command[] {
  return [ip(undefined, 'netns', 'add', name), mark('lo', alias, name), linkSet(name, 'lo', 'up')];
}

export function namespaces(hm: HostModel, out: Desired): void {
  for (const ns of hm.model.namespaces.values()) {
    if (ns.host !== hm.host) continue;
    out.namespaces.push({
      name: ns.name,
      span: ns.stmt.span,
      explain: `Creates network namespace ${ns.name}: a network stack of its own (interfaces, addresses, routes), the lightest stand-in for a guest. Its loopback comes up so that local services work inside it, with an alias (\`vsh:PROJECT\`) that marks the namespace as made by vsh.`,
    });
  }
  for (const p of hm.ports) {
    const ns = p.type === 'veth' ? p.stmt.peer?.ns.value : undefined;
    if (ns && !out.peerNamespaces.has(ns)) out.peerNamespaces.set(ns, p.stmt.span);
  }
}
