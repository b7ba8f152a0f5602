/** VN130: no two subnets on one host overlap (nat/route/isolated network subnets, bridge addresses, internal-port addresses). */
import type { Spanned, Statement } from '../ast.js';
import { diag, type Diagnostic, type Span } from '../diagnostics.js';
import { formatSubnet, parseCidr, subnetsOverlap, type Cidr } from '../ip.js';
import { createsBridge, statementOrder } from './network-util.js';
import type { CheckRule } from './rule.js';

interface HostSubnet {
  host: string;
  what: string;
  cidr: Cidr;
  span: Span;
  order: number;
}

export const subnetOverlap: CheckRule = {
  id: 'subnet-overlap',
  codes: ['VN130'],
  check({ statements, model }) {
    const order = statementOrder(statements);
    const subnets: HostSubnet[] = [];
    const add = (host: string, what: string, stmt: Statement, v: Spanned<string> | undefined) => {
      const cidr = v && parseCidr(v.value); // invalid ones are VN001 (address-in-subnet)
      if (cidr) subnets.push({ host, what, cidr, span: v.span, order: order(stmt) });
    };
    // Only addresses in this host's own network stack: a veth port's address goes on its
    // peer inside a namespace, and bridge/hostdev networks put no address on the host.
    for (const n of model.networks.values()) if (createsBridge(n.stmt.mode.value)) add(n.host, `network '${n.name}'`, n.stmt, n.stmt.subnet);
    for (const b of model.bridges.values()) add(b.host, `bridge '${b.name}'`, b.stmt, b.stmt.address);
    for (const p of model.ports) if (p.type === 'internal') add(p.host, `internal port '${p.name}' of ${p.bridge}`, p.stmt, p.stmt.address);
    subnets.sort((a, b) => a.order - b.order);

    const out: Diagnostic[] = [];
    subnets.forEach((b, i) => {
      const a = subnets.slice(0, i).find((a) => a.host === b.host && subnetsOverlap(a.cidr, b.cidr));
      if (!a) return;
      out.push(
        diag('VN130', b.span, `subnet ${formatSubnet(b.cidr)} of ${b.what} overlaps ${formatSubnet(a.cidr)} of ${a.what} on ${b.host}`, {
          hint: 'give each its own subnet: overlapping connected routes on one host make routing ambiguous',
          related: [{ span: a.span, message: `${a.what} has ${formatSubnet(a.cidr)} here` }],
        }),
      );
    });
    return out;
  },
};
