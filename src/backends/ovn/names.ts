/**
 * The names vsh gives the rows behind one statement (a `logical link` is a router port and
 * a switch port; an uplink a switch, a localnet port, a router port and its peer) and the
 * MACs it derives: stable, so a re-plan finds them again.
 */
import { createHash } from 'node:crypto';

/** The router port of `logical link ROUTER to SWITCH`, and the switch port that points at it. */
export const linkNames = (router: string, sw: string) => ({ routerPort: `${router}-${sw}`, switchPort: `${sw}-${router}` });

/** The rows of `logical uplink ROUTER vlan VID`. */
export const uplinkNames = (router: string, vlan: number) => {
  const sw = `${router}-ext${vlan}`;
  return { switch: sw, routerPort: sw, switchPort: `${sw}-rp`, localnet: `${sw}-ln` };
};

/** A locally administered unicast MAC derived from `seed` (0a:…): the same every run. */
export function derivedMac(seed: string): string {
  const h = createHash('sha256').update(seed).digest();
  return ['0a', ...[...h.subarray(0, 5)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}
