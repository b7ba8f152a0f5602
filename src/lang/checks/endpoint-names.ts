/**
 * VN161: a container and a namespace of one name on one host. vsh names a container's
 * network namespace after the container (`ip netns attach NAME PID`), and the kernel's
 * named network namespaces (/run/netns) are one flat set per host: the two would be the
 * same namespace. A bridge may share a name with either (interface names and namespace
 * names are separate sets), so only this pair is refused.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey } from '../model.js';
import type { CheckRule } from './rule.js';

export const endpointNames: CheckRule = {
  id: 'endpoint-names',
  codes: ['VN161'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const c of model.containers.values()) {
      const ns = model.namespaces.get(hostKey(c.host, c.name));
      if (!ns) continue;
      out.push(
        diag('VN161', c.stmt.name.span, `container '${c.name}' and namespace '${c.name}' on ${c.host} would be one network namespace: vsh names a container's network namespace after it, and the kernel keeps one set of namespace names per host`, {
          hint: `rename one of them; a port's 'peer ${c.name}:IF' can plug into the container directly, no namespace needed`,
          related: [{ span: ns.stmt.name.span, message: `namespace '${c.name}' declared here` }],
        }),
      );
    }
    return out;
  },
};
