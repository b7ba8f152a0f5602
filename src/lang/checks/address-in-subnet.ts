/**
 * VN131: gateways and host addresses fit their subnet and are not its network/broadcast
 * address; a DHCP range is in order, inside the subnet, and holds neither the gateway nor
 * the network/broadcast address. Also VN001 for any address, CIDR or range that is not
 * valid IPv4 (the lexer accepts any \d{1,3} and /\d{1,2}, so this is where it is caught),
 * and VN190 for a number written with a leading zero (`010.1.2.3`): iproute2 and libc read
 * such a number as octal, so the host would get 8.1.2.3 while vsh compares with 10.1.2.3.
 */
import type { NetworkStmt, Spanned, Statement } from '../ast.js';
import { diag, type Diagnostic, type Related } from '../diagnostics.js';
import { formatIpv4, formatSubnet, impliedGateway, inSubnet, parseCidr, parseIpv4, parseRange, type Cidr } from '../ip.js';
import type { CheckRule } from './rule.js';
import type { AddressShape } from '../../kinds/kind.js';
import { kindOf } from '../../kinds/registry.js';

type Shape = AddressShape;

/** Every address a statement writes, with its shape (its kind says). */
const addresses = (s: Statement) => kindOf(s).addresses?.(s) ?? [];

/** Why `text` is not a valid address of its shape, or undefined if it is. */
function invalid(text: string, shape: Shape): string | undefined {
  const parts = shape === 'range' ? text.split('-') : [text.split('/')[0] ?? ''];
  const bad = parts.find((p) => parseIpv4(p) === undefined);
  if (bad !== undefined) return `'${bad}' is not an IPv4 address`;
  const prefix = Number(text.split('/')[1]);
  return shape === 'cidr' && prefix > 32 ? `'${text}' has prefix /${prefix}, over 32` : undefined;
}

/** The first number of an address written with a leading zero (`010`, `00`), if any. */
function leadingZero(text: string): string | undefined {
  return /(?:^|[.\-/])(0\d+)/.exec(text)?.[1];
}

/** 'network' or 'broadcast' if `ip` is one of those of `c` (they are host addresses only in a /31 or /32). */
function reserved(ip: number, c: Cidr): string | undefined {
  if (c.prefix >= 31) return undefined;
  return ip === c.network ? 'network' : ip === c.broadcast ? 'broadcast' : undefined;
}

/**
 * The gateway (the host's address in a network): `gateway` if given; else the subnet's
 * address when it has host bits set (`subnet 192.168.100.1/24`); else the first host
 * address (.1), as vsh lowers it.
 */
function gatewayOf(s: NetworkStmt, c: Cidr): { ip: number; how: string; related: Related[] } {
  const given = s.gateway && parseIpv4(s.gateway.value);
  if (s.gateway && given !== undefined) return { ip: given, how: '', related: [{ span: s.gateway.span, message: 'gateway given here' }] };
  const fromSubnet = c.address !== c.network || c.prefix === 32;
  return {
    ip: impliedGateway(c),
    how: fromSubnet ? ' (the address in subnet)' : ' (the default: first host address)',
    related: [{ span: s.subnet!.span, message: 'subnet given here' }],
  };
}

function checkNetwork(s: NetworkStmt, where: string, out: Diagnostic[]): void {
  const c = s.subnet && parseCidr(s.subnet.value);
  if (!c) return; // no subnet: VN134 says what needs one
  const subnet = formatSubnet(c);
  // A subnet written with host bits set is the host's own address, so it must be a usable one.
  const own = c.address !== c.network ? reserved(c.address, c) : undefined;
  if (own)
    out.push(diag('VN131', s.subnet!.span, `${where}: ${formatIpv4(c.address)} is the ${own} address of ${subnet}, not a host address`, { hint: `write 'subnet ${subnet}' (gateway .1) or use a host address such as ${formatIpv4(c.network + 1)}/${c.prefix}` }));

  const gw = gatewayOf(s, c);
  if (s.gateway && parseIpv4(s.gateway.value) !== undefined) {
    const related = [{ span: s.subnet!.span, message: `subnet ${subnet} given here` }];
    const edge = reserved(gw.ip, c);
    if (!inSubnet(gw.ip, c))
      out.push(diag('VN131', s.gateway.span, `${where}: gateway ${s.gateway.value} is outside subnet ${subnet}`, { related, hint: `pick a gateway inside ${subnet}, or fix the subnet` }));
    else if (edge)
      out.push(diag('VN131', s.gateway.span, `${where}: gateway ${s.gateway.value} is the ${edge} address of ${subnet}`, { related, hint: `use a host address such as ${formatIpv4(c.network + 1)}` }));
  }

  const range = s.dhcp && parseRange(s.dhcp.value);
  if (!s.dhcp || !range) return;
  const [from, to] = range;
  const dhcp = `DHCP range ${s.dhcp.value}`;
  const fail = (message: string, hint: string, related: Related[] = []) => out.push(diag('VN131', s.dhcp!.span, `${where}: ${message}`, { hint, related }));
  if (from > to) fail(`${dhcp} is reversed`, `write 'dhcp ${formatIpv4(to)}-${formatIpv4(from)}'`);
  else if (!inSubnet(from, c) || !inSubnet(to, c)) fail(`${dhcp} is not inside subnet ${subnet}`, `keep the range within ${formatIpv4(c.network)}-${formatIpv4(c.broadcast)}`, [{ span: s.subnet!.span, message: 'subnet given here' }]);
  else if (from <= gw.ip && gw.ip <= to) fail(`${dhcp} contains the gateway ${formatIpv4(gw.ip)}${gw.how}`, 'start the range after the gateway (or end it before)', gw.related);
  else {
    const edge = reserved(from, c) ?? reserved(to, c);
    if (edge) fail(`${dhcp} contains the ${edge} address of ${subnet}`, `keep the range within ${formatIpv4(c.network + 1)}-${formatIpv4(c.broadcast - 1)}`);
  }
}

/** A bridge or port address is a host address: not the network/broadcast address of its prefix. */
function checkHostAddress(v: Spanned<string> | undefined, where: string, out: Diagnostic[]): void {
  const c = v && parseCidr(v.value);
  const edge = c && reserved(c.address, c);
  if (v && c && edge)
    out.push(diag('VN131', v.span, `${where}: ${formatIpv4(c.address)} is the ${edge} address of ${formatSubnet(c)}, not a host address`, { hint: `use a host address such as ${formatIpv4(c.network + 1)}/${c.prefix}` }));
}

export const addressInSubnet: CheckRule = {
  id: 'address-in-subnet',
  codes: ['VN131', 'VN001', 'VN190'],
  check({ statements, model }) {
    const out: Diagnostic[] = [];
    for (const s of statements)
      for (const [v, shape] of addresses(s)) {
        const problem = v && invalid(v.value, shape);
        if (v && problem) out.push(diag('VN001', v.span, problem, { hint: 'each of the four numbers is 0-255, and a prefix is 0-32' }));
        const zero = v && !problem ? leadingZero(v.value) : undefined;
        if (v && zero)
          out.push(
            diag('VN190', v.span, `'${v.value}' writes ${zero} with a leading zero`, {
              hint: `write ${v.value.replace(/(^|[.\-/])0+(\d)/g, '$1$2')}: ip and libc read a leading 0 as octal (010 is 8), so the host would get another address`,
            }),
          );
      }
    for (const n of model.networks.values()) checkNetwork(n.stmt, `network '${n.name}' on ${n.host}`, out);
    for (const b of model.bridges.values()) checkHostAddress(b.stmt.address, `bridge '${b.name}' on ${b.host}`, out);
    for (const p of model.ports) checkHostAddress(p.stmt.address, `port '${p.name}' on ${p.bridge}@${p.host}`, out);
    return out;
  },
};
