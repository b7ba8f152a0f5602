/**
 * `macvtap NAME link IFACE mode M`: `ip link add link IFACE name NAME type macvtap mode M`
 * and up; the guest opens /dev/tapN. The mode decides who may talk to whom (see the
 * example macvtap-modes.vnet).
 */
import type { Command } from '../../exec/command.js';
import type { MacvtapMode } from '../../lang/ast.js';
import { ip } from './commands.js';
import type { HostModel } from './host-model.js';
import { freshLink, type Desired } from './spec.js';

const MODE_TEXT: Record<MacvtapMode, string> = {
  bridge: 'macvtaps on the same NIC reach each other inside the host',
  vepa: 'every frame goes out to the switch, which must hairpin it back (802.1Qbg)',
  private: 'macvtaps on the same NIC never reach each other, even through the switch',
  passthru: 'the guest owns the NIC (it may change the MAC and go promiscuous)',
};

export function createMacvtap(name: string, link: string, mode: string): Command {
  return ip(undefined, 'link', 'add', 'link', link, 'name', name, 'type', 'macvtap', 'mode', mode);
}

export function macvtaps(hm: HostModel, out: Desired): void {
  for (const m of hm.model.macvtaps) {
    if (m.host !== hm.host) continue;
    const { link, mode } = { link: m.stmt.link.value, mode: m.stmt.mode.value };
    out.devices.push({
      name: m.name,
      kind: 'macvtap',
      label: `macvtap ${m.name} (on ${link}, mode ${mode})`,
      span: m.stmt.span,
      feature: 'macvtap',
      create: [createMacvtap(m.name, link, mode)],
      fixed: { parent: link, mode },
      explain: `Creates macvtap ${m.name} stacked on ${link}: a guest NIC with its own MAC straight on the wire, no bridge in between; in ${mode} mode ${MODE_TEXT[mode]}.`,
    });
    out.needs.push({ name: link, why: `'macvtap ${m.name}' stacks on it`, span: m.stmt.span });
    out.wiring.push({
      label: `macvtap ${m.name} up`,
      span: m.stmt.span,
      device: m.name,
      explain: `Brings ${m.name} up, ready for the guest that opens its character device (/dev/tapN, N its ifindex).`,
      links: [{ name: m.name, origin: 'device', fresh: freshLink(m.name, { kind: 'macvtap' }), up: true }],
    });
  }
}
