/** VN110: every VLAN id (tags, trunks, portgroups, VF vlans, `vlan IFACE.VID`) is within 1–4094. */
import type { Statement, VlanItem } from '../ast.js';
import { diag, type Diagnostic, type Span } from '../diagnostics.js';
import { isValidVid } from '../vlans.js';
import type { CheckRule } from './rule.js';

const HINT = '0 and 4095 are reserved by IEEE 802.1Q';

function vids(s: Statement): Array<{ value: number; span: Span }> {
  const items: VlanItem[] = [];
  const singles: Array<{ value: number; span: Span }> = [];
  if ((s.kind === 'port' || s.kind === 'portgroup') && s.tag) singles.push(s.tag);
  if ((s.kind === 'port' || s.kind === 'portgroup' || s.kind === 'tunnel') && s.trunk) for (const x of s.trunk.value) items.push(x);
  if (s.kind === 'attach-vf' && s.vlan) singles.push(s.vlan);
  if (s.kind === 'vlan') singles.push(s.vid);
  return [
    ...singles,
    ...items.flatMap((i) => (isValidVid(i.from) && isValidVid(i.to) ? [] : [{ value: isValidVid(i.from) ? i.to : i.from, span: i.span }])),
  ];
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
      if ((s.kind === 'port' || s.kind === 'portgroup' || s.kind === 'tunnel') && s.trunk) {
        for (const i of s.trunk.value) {
          if (i.from > i.to) out.push(diag('VN110', i.span, `VLAN range ${i.from}-${i.to} is reversed`, { hint: `write ${i.to}-${i.from}` }));
        }
      }
    }
    return out;
  },
};
