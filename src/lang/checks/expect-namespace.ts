/** VN150: every `expect` pings from a namespace declared with `namespace` on its host (or from a host itself). */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey } from '../model.js';
import type { CheckRule } from './rule.js';
import { closest } from '../suggest.js';

export const expectNamespace: CheckRule = {
  id: 'expect-namespace',
  codes: ['VN150'],
  check({ model }) {
    const out: Diagnostic[] = [];
    const all = [...model.namespaces.values()];
    for (const e of model.expects) {
      // `expect reach HOST IP` pings from the host's root namespace: nothing to declare; containers are endpoints too.
      if (e.fromHost || model.namespaces.has(hostKey(e.host, e.ns)) || model.containers.has(hostKey(e.host, e.ns))) continue;
      const guess = closest(e.ns, all.filter((n) => n.host === e.host).map((n) => n.name));
      const elsewhere = all.find((n) => n.name === e.ns);
      out.push(
        diag('VN150', e.stmt.ns.name.span, `expect names namespace '${e.ns}', which is not declared on ${e.host}`, {
          hint: guess
            ? `did you mean '${guess}'?`
            : elsewhere
              ? `'${e.ns}' is declared on ${elsewhere.host}: write '${e.ns}@${elsewhere.host}'`
              : `declare it: 'namespace ${e.ns} on ${e.host}'`,
        }),
      );
    }
    return out;
  },
};
