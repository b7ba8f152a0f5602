/**
 * VN123: two tunnels of one type between the same two hosts with the same key/VNI (or
 * both without one) and the same UDP port. vsh reports this between different bridges
 * too: OVS and the kernel identify a tunnel by type, endpoints and key alone, so the
 * second port is refused ("same config as port …" / EEXIST) whatever bridge it is on.
 */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { TunnelObj } from '../model.js';
import { tunnelLabel } from '../segments.js';
import type { CheckRule } from './rule.js';

/** Default UDP ports, so that `dstport 4789` and no `dstport` are the same tunnel. */
const DEFAULT_PORT: Record<TunnelObj['type'], number | undefined> = { gre: undefined, vxlan: 4789, geneve: 6081 };

/** What identifies a tunnel on the wire (ends in a fixed order). */
function wireIdentity(t: TunnelObj): string {
  const hosts = t.ends.map((e) => e.host).sort();
  return [t.type, ...hosts, t.key ?? '-', t.stmt.dstport?.value ?? DEFAULT_PORT[t.type] ?? '-'].join(' ');
}

const bridgePair = (t: TunnelObj) => t.ends.map((e) => `${e.host}/${e.bridge}`).sort().join(' ');

/** A tunnel that repeats an earlier one on the wire. */
export interface TunnelClash {
  first: TunnelObj;
  second: TunnelObj;
  /** Both join the same two bridges (then VN122 leaves the pair alone). */
  sameBridges: boolean;
}

/** Each tunnel that repeats an earlier one's wire identity, with that earlier one. */
export function tunnelClashes(tunnels: readonly TunnelObj[]): TunnelClash[] {
  const seen = new Map<string, TunnelObj>();
  const out: TunnelClash[] = [];
  for (const t of tunnels) {
    const id = wireIdentity(t);
    const first = seen.get(id);
    if (first) out.push({ first, second: t, sameBridges: bridgePair(first) === bridgePair(t) });
    else seen.set(id, t);
  }
  return out;
}

/** VN123: a tunnel with the type, hosts, key and UDP port of an earlier one. */
export const duplicateTunnels: CheckRule = {
  id: 'duplicate-tunnels',
  codes: ['VN123'],
  check({ model }) {
    return tunnelClashes(model.tunnels).map(({ first, second, sameBridges }): Diagnostic => {
      const key = second.key === undefined ? 'neither has a key' : `both use ${second.type === 'gre' ? 'key' : 'vni'} ${second.key}`;
      const [a, b] = second.ends;
      const where = sameBridges ? 'between the same bridges' : `between the same hosts (${a.host}, ${b.host})`;
      return diag('VN123', second.stmt.span, `tunnel ${tunnelLabel(second)} repeats tunnel ${tunnelLabel(first)} ${where}, and ${key}`, {
        hint: `give each ${second.type} tunnel its own ${second.type === 'gre' ? "'key'" : "'vni'"}, or remove one`,
        related: [{ span: first.stmt.span, message: `first tunnel ${tunnelLabel(first)}` }],
      });
    });
  },
};
