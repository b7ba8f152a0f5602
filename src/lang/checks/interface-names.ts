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
    // A link's ports are named after its two bridges unless `name` is given; `name N` derives N-p.
    for (const l of model.links) {
      for (const [i, end] of l.ends.entries()) {
        if (l.stmt.portName && i === 0) continue;
        const problem = ifnameProblem(end.portName);
        if (problem)
          out.push(
            diag('VN002', l.stmt.portName?.span ?? end.span, `the link port vsh would name '${end.portName}' on ${end.bridge} is not a valid interface name: ${problem}`, {
              hint: l.stmt.portName ? 'the other end is named NAME-p: give a name of at most 13 bytes' : "give the link a shorter name with 'name IFNAME' (the other end is IFNAME-p)",
            }),
          );
      }
    }
    return out;
  },
};
