/** VLAN ids and lists (802.1Q: 1–4094 usable; 0 and 4095 reserved). */
import type { VlanItem } from './ast.js';

export const VLAN_MIN = 1;
export const VLAN_MAX = 4094;

export function isValidVid(v: number): boolean {
  return Number.isInteger(v) && v >= VLAN_MIN && v <= VLAN_MAX;
}

/** The set of VLAN ids a list names, clamped to 0–4095 so that `1-99999999` stays cheap. */
export function expandVlans(items: readonly VlanItem[]): Set<number> {
  const out = new Set<number>();
  for (const { from, to } of items) {
    for (let v = Math.max(0, from); v <= Math.min(to, 4095); v++) out.add(v);
  }
  return out;
}

/** `10,20,30-40` from a set, ranges collapsed (for messages and ovs-vsctl `trunks=`). */
export function formatVlans(vids: Iterable<number>): string {
  const sorted = [...new Set(vids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i + 1 ? `${sorted[i]}-${sorted[j]}` : j === i + 1 ? `${sorted[i]},${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(',');
}
