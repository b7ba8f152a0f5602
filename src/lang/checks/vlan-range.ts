/** VN110: every VLAN id (tags, trunks, portgroups, VF vlans, `vlan IFACE.VID`) is within 1–4094. */
import type { Statement } from '../ast.js';
import { kindOf } from '../../kinds/registry.js';
import { diag, type Diagnostic, type Span } from '../diagnostics.js';
import { isValidVid } from '../vlans.js';
import type { CheckRule } from './rule.js';

const HINT = '0 and 4095 are reserved by IEEE 802.1Q';

/** Every VLAN id a statement writes (its kind says); a list item counts by its first bad end. */
function vids(s: Statement): Array<{ value: number; span: Span }> {
  const v = kindOf(s).vlans?.(s);
  if (!v) return [];
  const out: Array<{ value: number; span: Span }> = [...v.ids];
  for (const list of v.lists)
    for (const i of list) if (!isValidVid(i.from) || !isValidVid(i.to)) out.push({ value: isValidVid(i.from) ? i.to : i.from, span: i.span });
  return out;
}

export const vlanRange: CheckRule = {
  id: 'vlan-range',
  codes: ['VN110'],
  check({ statements }) {
    const out: Diagnostic[] = [];
    for (const s of statements) {
      for (const v of vids(s)) {
        if (!isValidVid(v.value)) out.push(diag('VN110', v.span, `VLAN ${v.value} is out of range (1-4094)`, { hint: HINT }));
      }
      for (const list of kindOf(s).vlans?.(s).lists ?? [])
        for (const i of list) if (i.from > i.to) out.push(diag('VN110', i.span, `VLAN range ${i.from}-${i.to} is reversed`, { hint: `write ${i.to}-${i.from}` }));
    }
    return out;
  },
};
