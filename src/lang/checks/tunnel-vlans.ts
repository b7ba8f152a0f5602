/**
 * VN113/VN114: a tunnel's trunk list against the VLANs used on the bridges it joins.
 * VN113 (warning): a VLAN with access ports (`tag`, no `trunk`) on both ends that the
 * trunk leaves out, so those ports cannot reach each other. VN114 (info): a VLAN the
 * trunk carries that one end does not use. "Used" is wider than access ports so that
 * transit hops stay quiet: a port tagged or trunked with it, another tunnel carrying it
 * on, or an uplink/bond on the bridge (which may carry any VLAN out).
 * A tunnel without a trunk list carries every VLAN; tunnels to the same host are VN120's.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import { hostKey, type HostKey, type PortObj, type TunnelEnd } from '../model.js';
import { bridgeLabel, tunnelLabel } from '../segments.js';
import { expandVlans, formatVlans, isValidVid } from '../vlans.js';
import type { CheckRule } from './rule.js';

/** What one bridge does with VLANs. */
interface BridgeVlans {
  /** The first access port of each VLAN. */
  access: Map<number, PortObj>;
  /** VLANs of any port (tags and trunks). */
  ports: Set<number>;
  /** An uplink, bond or untrunked tunnel: anything may leave this way. */
  open: boolean;
  /** How many trunked tunnels carry each VLAN here. */
  tunnels: Map<number, number>;
}

const validVids = (items: Parameters<typeof expandVlans>[0]) => [...expandVlans(items)].filter(isValidVid);

/** VN113 and VN114: a tunnel trunk that misses a VLAN both ends use, or carries one an end does not. */
export const tunnelVlans: CheckRule = {
  id: 'tunnel-vlans',
  codes: ['VN113', 'VN114'],
  check({ model }) {
    const bridges = new Map<HostKey, BridgeVlans>();
    const at = (host: string, bridge: string) => {
      const k = hostKey(host, bridge);
      let b = bridges.get(k);
      if (!b) bridges.set(k, (b = { access: new Map(), ports: new Set(), open: false, tunnels: new Map() }));
      return b;
    };
    for (const p of model.ports) {
      const b = at(p.host, p.bridge);
      const { tag, trunk } = p.stmt;
      if (tag && !trunk && !b.access.has(tag.value)) b.access.set(tag.value, p);
      if (tag) b.ports.add(tag.value);
      if (trunk) for (const v of validVids(trunk.value)) b.ports.add(v);
    }
    // A DHCP server on a VLAN uses it as an access port would.
    for (const d of model.dhcps) if (d.vid) at(d.host, d.bridge).ports.add(d.vid);
    for (const br of model.bridges.values()) if (br.stmt.uplink) at(br.host, br.name).open = true;
    for (const bond of model.bonds) if (bond.bridge) at(bond.host, bond.bridge).open = true;
    const carried = new Map(model.tunnels.map((t) => [t, t.stmt.trunk ? new Set(validVids(t.stmt.trunk.value)) : undefined]));
    for (const [t, vids] of carried) {
      for (const end of t.ends) {
        const b = at(end.host, end.bridge);
        if (!vids) b.open = true;
        else for (const v of vids) b.tunnels.set(v, (b.tunnels.get(v) ?? 0) + 1);
      }
    }

    /** Whether tunnels that carry VLAN v (or every VLAN) join the bridges of two ends (a search per VLAN asked, only for VLANs a trunk cuts). */
    const reach = new Map<number, Map<HostKey, HostKey>>();
    const joined = (v: number, x: TunnelEnd, y: TunnelEnd): boolean => {
      let root = reach.get(v);
      if (!root) {
        const parent = new Map<HostKey, HostKey>();
        const find = (k: HostKey): HostKey => {
          let r = k;
          while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
          return r;
        };
        for (const [t, carries] of carried) {
          if (carries && !carries.has(v)) continue;
          const [p, q] = t.ends.map((e) => find(hostKey(e.host, e.bridge)));
          if (p !== q) parent.set(p!, q!);
        }
        root = new Map([...parent.keys()].map((k) => [k, find(k)]));
        reach.set(v, root);
      }
      const r = (e: TunnelEnd) => root!.get(hostKey(e.host, e.bridge)) ?? hostKey(e.host, e.bridge);
      return r(x) === r(y);
    };

    const out: Diagnostic[] = [];
    for (const t of model.tunnels) {
      const vids = carried.get(t);
      const trunk = t.stmt.trunk;
      if (!vids || !trunk || t.ends[0].host === t.ends[1].host) continue;
      const [ea, eb] = t.ends;
      const [a, b] = [at(ea.host, ea.bridge), at(eb.host, eb.bridge)];
      const name = (e: TunnelEnd) => bridgeLabel(e.host, e.bridge);
      // Another path carrying v between the two bridges (a VXLAN beside a GRE, each with one VLAN) joins them all the same.
      const cut = [...a.access.keys()].filter((v) => b.access.has(v) && !vids.has(v) && !joined(v, ea, eb)).sort((x, y) => x - y);
      for (const v of cut) {
        const [pa, pb] = [a.access.get(v)!, b.access.get(v)!];
        out.push(
          diag('VN113', trunk.span, `tunnel ${tunnelLabel(t)} does not carry VLAN ${v}: the VLAN ${v} access ports on ${name(ea)} and ${name(eb)} cannot reach each other`, {
            hint: `add ${v} to the trunk: 'trunk ${formatVlans([...vids, v])}'`,
            related: [
              { span: pa.stmt.span, message: `port '${pa.name}' on ${name(ea)}, VLAN ${v}` },
              { span: pb.stmt.span, message: `port '${pb.name}' on ${name(eb)}, VLAN ${v}` },
            ],
          }),
        );
      }
      for (const [end, here] of [
        [ea, a],
        [eb, b],
      ] as const) {
        if (here.open) continue;
        const unused = [...vids].filter((v) => !here.ports.has(v) && (here.tunnels.get(v) ?? 0) < 2);
        if (unused.length === 0) continue;
        const list = formatVlans(unused);
        out.push(
          diag('VN114', trunk.span, `tunnel ${tunnelLabel(t)} carries VLAN${unused.length > 1 ? 's' : ''} ${list} to ${name(end)}, which has no port on ${unused.length > 1 ? 'them' : 'it'}`, {
            hint: `drop ${list} from the trunk, or add an access port ('tag VID') for it on ${name(end)}`,
          }),
        );
      }
    }
    return out;
  },
};
