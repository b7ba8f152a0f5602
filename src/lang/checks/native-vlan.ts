/**
 * VN111: VLAN modes that do not add up. A port is an access port (`tag`), a trunk
 * (`trunk`), or a native-untagged trunk (`tag` + `trunk` + `native`), whose native VLAN
 * (the tag) must be one of the trunk's. A portgroup has no `native` keyword: `tag` with
 * `trunk` there already means a native-untagged trunk (libvirt `nativeMode='untagged'`,
 * as VN135 reads it), so only the native-VLAN-in-trunk rule applies to it.
 */
import type { Spanned, VlanItem } from '../ast.js';
import { diag, type Diagnostic } from '../diagnostics.js';
import { bridgeLabel } from '../segments.js';
import { expandVlans, formatVlans } from '../vlans.js';
import type { CheckRule } from './rule.js';

/** The native VLAN `tag` is not in `trunk`: a diagnostic naming `what`. */
function nativeOutsideTrunk(what: string, tag: Spanned<number>, trunk: Spanned<VlanItem[]>): Diagnostic[] {
  const vids = expandVlans(trunk.value);
  if (vids.has(tag.value)) return [];
  return [
    diag('VN111', tag.span, `the native VLAN ${tag.value} of ${what} is not in its trunk ${formatVlans(vids)}`, {
      hint: `add it: 'trunk ${formatVlans([...vids, tag.value])}'`,
      related: [{ span: trunk.span, message: 'trunk list here' }],
    }),
  ];
}

/** VN111: `tag` + `trunk` without `native`, `native` without both, or a native VLAN outside the trunk. */
export const nativeVlan: CheckRule = {
  id: 'native-vlan',
  codes: ['VN111'],
  check({ model }) {
    const out: Diagnostic[] = [];
    for (const p of model.ports) {
      const { tag, trunk, native } = p.stmt;
      const what = `port '${p.name}' on ${bridgeLabel(p.host, p.bridge)}`;
      if (native && !(tag && trunk)) {
        out.push(
          diag('VN111', native.span, `'native' on ${what} needs both 'tag' (the native VLAN) and 'trunk'`, {
            hint: `add 'tag VID' and 'trunk VLIST', or drop 'native'`,
          }),
        );
      } else if (tag && trunk && !native) {
        out.push(
          diag('VN111', tag.span, `${what} has both tag ${tag.value} and trunk ${formatVlans(expandVlans(trunk.value))} but no 'native'`, {
            hint: `add 'native' to make VLAN ${tag.value} the untagged VLAN of the trunk, or keep only one of 'tag' and 'trunk'`,
            related: [{ span: trunk.span, message: 'trunk list here' }],
          }),
        );
      } else if (tag && trunk) {
        for (const x of nativeOutsideTrunk(what, tag, trunk)) out.push(x);
      }
    }
    for (const g of model.portgroups) {
      const { tag, trunk } = g.stmt;
      if (tag && trunk) for (const x of nativeOutsideTrunk(`portgroup '${g.name}' of network ${g.network} on ${g.host}`, tag, trunk)) out.push(x);
    }
    return out;
  },
};
