/** VN004: options that are valid alone but do not apply together (host local vs SSH, port types, tunnel types). */
import type { HostStmt, PortStmt, Statement, TunnelStmt } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';

// Presence is read from optionSpans, not the typed field: an option whose value was wrong
// (VN001) was still written, and saying "needs 'address'" next to it would be wrong.

/** Options that only say how to reach a host over SSH (`underlay` and `datapath` apply to any host). */
const SSH_ONLY = ['user', 'port', 'key', 'known-hosts', 'jump'] as const;

function host(s: HostStmt): Diagnostic[] {
  const o = s.optionSpans;
  const name = s.name.value;
  if (!o.local && !o.address)
    return [diag('VN004', s.name.span, `host '${name}' needs 'local' or 'address IPV4'`, { hint: `'host ${name} local' for this machine, 'host ${name} address IPV4' for one reached over SSH` })];
  if (!o.local) return [];
  const out: Diagnostic[] = [];
  if (o.address)
    out.push(diag('VN004', o.address, `host '${name}' is 'local' and also has an 'address'`, { hint: "give one: 'local' runs commands here without SSH, 'address' reaches the host over SSH" }));
  for (const kw of SSH_ONLY) {
    const span = o[kw];
    if (span) out.push(diag('VN004', span, `'${kw}' does not apply to local host '${name}': it is not reached over SSH`, { hint: `remove '${kw}'` }));
  }
  return out;
}

function port(s: PortStmt): Diagnostic[] {
  const o = s.optionSpans;
  // An unknown type was already reported (VN001); do not guess what it meant.
  const type = s.type?.value ?? (o.type ? undefined : 'system');
  if (!type) return [];
  const out: Diagnostic[] = [];
  const name = s.name.value;
  if (o.peer && type !== 'veth')
    out.push(diag('VN004', o.peer, `'peer' applies only to a veth port; port '${name}' is type ${type}`, { hint: "add 'type veth', or remove 'peer'" }));
  if (type === 'veth' && !o.peer)
    out.push(
      diag('VN004', s.type!.span, `veth port '${name}' needs 'peer NS:IFNAME' (where the other end of the pair goes)`, {
        hint: "e.g. 'peer red:eth0' moves the other end into namespace red as eth0",
      }),
    );
  // The address goes on the veth peer or on the internal port; a system port is enslaved to
  // the bridge (an IP there is dead) and a tap's far side is the guest that opens it.
  if (o.address && (type === 'system' || type === 'tap'))
    out.push(
      diag('VN004', o.address, `'address' does not apply to ${type} port '${name}'`, {
        hint:
          type === 'system'
            ? "an address on a bridge member is not used: put it on the bridge ('bridge … address CIDR') or on a 'type internal' port"
            : "a tap's address is set inside the guest that opens it; for an address on this host use a 'type internal' port or a veth peer",
      }),
    );
  return out;
}

function tunnel(s: TunnelStmt): Diagnostic[] {
  const o = s.optionSpans;
  const type = s.type.value;
  const out: Diagnostic[] = [];
  if (o.key && o.vni) {
    const later = o.key.offset > o.vni.offset ? o.key : o.vni;
    out.push(diag('VN004', later, `tunnel gives both 'key' and 'vni': they set the same tunnel id`, { hint: `give one (${type === 'gre' ? "'key' for gre" : `'vni' for ${type}`})` }));
  } else if (o.vni && type === 'gre') {
    out.push(diag('VN004', o.vni, `'vni' does not apply to a gre tunnel: GRE has a key`, { hint: "write 'key N'" }));
  }
  if (o.dstport && type === 'gre')
    out.push(diag('VN004', o.dstport, `'dstport' does not apply to a gre tunnel: GRE is not carried over UDP`, { hint: "remove it, or use 'vxlan' or 'geneve'" }));
  return out;
}

function combinations(s: Statement): Diagnostic[] {
  if (s.kind === 'host') return host(s);
  if (s.kind === 'port') return port(s);
  if (s.kind === 'tunnel') return tunnel(s);
  return [];
}

export const optionCombinations: CheckRule = {
  id: 'option-combinations',
  codes: ['VN004'],
  check({ statements, model }) {
    const out = statements.flatMap(combinations);
    // An internal port is an OVSDB object: the kernel's bridge has no such thing.
    for (const p of model.ports)
      if (p.type === 'internal' && model.bridges.get(`${p.host}/${p.bridge}`)?.kind === 'linux')
        out.push(
          diag('VN004', p.stmt.type!.span, `'type internal' needs an Open vSwitch bridge; '${p.bridge}' on ${p.host} is a linux bridge`, {
            hint: "give the bridge itself the address ('bridge … address CIDR'), or use a veth port",
          }),
        );
    return out;
  },
};
