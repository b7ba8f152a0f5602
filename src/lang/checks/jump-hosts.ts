/** VN100/VN004: `jump HOST` names a declared host, and following jumps never comes back to where it started. */
import type { HostStmt } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';
import { closest } from '../suggest.js';
import { statementOrder } from './network-util.js';

export const jumpHosts: CheckRule = {
  id: 'jump-hosts',
  codes: ['VN100', 'VN004'],
  check({ model, statements }) {
    const out: Diagnostic[] = [];
    // `jump` on a local host is meaningless (VN004 in option-combinations), so it is not followed.
    const jumps = new Map<string, HostStmt & { jump: NonNullable<HostStmt['jump']> }>();
    for (const h of model.hosts.values()) {
      if (!h.jump || h.local) continue;
      if (model.hosts.has(h.jump.value)) {
        jumps.set(h.name.value, h as HostStmt & { jump: NonNullable<HostStmt['jump']> });
        continue;
      }
      const guess = closest(h.jump.value, [...model.hosts.keys()].filter((k) => k !== h.name.value));
      out.push(
        diag('VN100', h.jump.span, `unknown jump host '${h.jump.value}' for host '${h.name.value}'`, {
          hint: guess ? `did you mean '${guess}'?` : `declare it: 'host ${h.jump.value} address IPV4'`,
        }),
      );
    }
    // Each host has at most one jump, so a cycle is found by walking the chain until it repeats.
    const order = statementOrder(statements);
    const reported = new Set<string>();
    for (const start of jumps.keys()) {
      const path: string[] = [];
      let h: string | undefined = start;
      while (h !== undefined && !path.includes(h)) {
        path.push(h);
        h = jumps.get(h)?.jump.value;
      }
      if (h === undefined || reported.has(h)) continue;
      const cycle = path.slice(path.indexOf(h));
      cycle.forEach((c) => reported.add(c));
      const stmts = cycle.map((c) => jumps.get(c)!).sort((a, b) => order(a) - order(b));
      const first = stmts[0]!;
      const message =
        cycle.length === 1
          ? `host '${h}' jumps through itself`
          : `jump cycle: ${[...cycle, cycle[0]].join(' -> ')}; none of these hosts can be reached`;
      out.push(
        diag('VN004', first.jump.span, message, {
          hint: 'one host of the chain must be reached directly: remove its \'jump\'',
          related: stmts.slice(1).map((s) => ({ span: s.jump.span, message: `'${s.name.value}' jumps through '${s.jump.value}' here` })),
        }),
      );
    }
    return out;
  },
};
