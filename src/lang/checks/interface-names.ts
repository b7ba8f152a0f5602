/** VN002: every interface name — written or derived by vsh (tunnel ports) — is a valid Linux name. */
import type { Spanned, Statement } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { ifnameProblem } from '../ifname.js';
import type { CheckRule } from './rule.js';

/** The interface names a statement writes, with what each one is. */
function* writtenNames(s: Statement): Generator<[Spanned<string>, string]> {
  switch (s.kind) {
    case 'bridge':
      yield [s.name, 'bridge'];
      if (s.uplink) yield [s.uplink, 'uplink'];
      break;
    case 'port':
      yield [s.name, 'port'];
      if (s.peer) yield [s.peer.iface, 'veth peer'];
      break;
    case 'tunnel':
      if (s.portName) yield [s.portName, 'tunnel port'];
      break;
    case 'network':
      if (s.bridge) yield [s.bridge, 'network bridge'];
      if (s.dev) yield [s.dev, 'network device'];
      break;
    case 'sriov':
      yield [s.pf, 'physical function'];
      break;
    case 'attach-vf':
      yield [s.pf, 'physical function'];
      break;
    case 'macvtap':
      yield [s.name, 'macvtap'];
      yield [s.link, 'macvtap link'];
      break;
    case 'bond':
      yield [s.name, 'bond'];
      for (const slave of s.slaves) yield [slave, 'bond slave'];
      break;
    case 'vlan':
      yield [s.name, 'VLAN interface'];
      break;
  }
}

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
