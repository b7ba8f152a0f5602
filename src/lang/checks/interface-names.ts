/** VN002: every interface name — written or derived by vsh (tunnel ports) — is a valid Linux name. */
import type { Statement } from '../ast.js';
import { kindOf } from '../../kinds/registry.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { ifnameProblem } from '../ifname.js';
import type { CheckRule } from './rule.js';

/** The interface names a statement writes, with what each one is (its kind says). */
const writtenNames = (s: Statement) => kindOf(s).interfaceNames?.(s) ?? [];

export const interfaceNames: CheckRule = {
  id: 'interface-names',
  codes: ['VN002'],
  check({ statements, model }) {
    const out: Diagnostic[] = [];
    for (const s of statements) {
      for (const [name, what] of writtenNames(s)) {
        const problem = ifnameProblem(name.value);
        if (problem) out.push(diag('VN002', name.span, `invalid ${what} name '${name.value}': ${problem}`, { hint: 'Linux interface names are 1-15 bytes without "/", ":" or spaces' }));
      }
    }
    // Names vsh derives itself: a tunnel port is named after its peer unless `name` is given.
    for (const t of model.tunnels) {
      if (t.stmt.portName) continue;
      for (const end of t.ends) {
        const problem = ifnameProblem(end.portName);
        if (problem)
          out.push(
            diag('VN002', end.span, `the tunnel port vsh would name '${end.portName}' on ${end.host} is not a valid interface name: ${problem}`, {
              hint: "give the port a shorter name with 'name IFNAME'",
            }),
          );
      }
    }
    return out;
  },
};
