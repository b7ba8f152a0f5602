/**
 * `attach DOMAIN to NETWORK`: a guest NIC on a libvirt network. Lowered to what one types
 * by hand: `virsh attach-interface DOMAIN network NETWORK --model … --mac …`, or, with a
 * portgroup (which attach-interface cannot set), `virsh attach-device` with the NIC's XML.
 * `config` changes the persistent definition and `live` the running guest; with neither,
 * vsh writes `--config` (declared state is persistent state).
 */
import type { AttachNetworkStmt } from '../../lang/ast.js';
import { hostKey } from '../../lang/model.js';
import type { Command } from '../../exec/command.js';
import { LOOK, PHASE, type HostView, type Step } from '../backend.js';
import { derivedMac, deviceCommand, networkNicXml, targetFlags, verifyInDomain, type GuestNic, type LiveDomain, type Target } from './guests.js';
import { libvirtObjects, type LibvirtState } from './read.js';
import { el, renderXml } from './xml.js';

/** The NIC the statement asks for. Without `mac`, a stable derived one (so the NIC can be found and detached again). */
function wanted(host: string, s: AttachNetworkStmt): GuestNic {
  const mac = (s.mac?.value ?? derivedMac(host, s.domain.value, s.network.value)).toLowerCase();
  return { type: 'network', mac, network: s.network.value, portgroup: s.portgroup?.value, model: s.model?.value };
}

function targetsOf(s: AttachNetworkStmt): Target[] {
  return [...(s.live ? (['live'] as const) : []), ...(s.config || !s.live ? (['config'] as const) : [])];
}

/** Whether a NIC the guest has is the one asked for (fields the statement leaves out are libvirt's business). */
function same(have: GuestNic, want: GuestNic): boolean {
  return have.network === want.network && (!want.portgroup || have.portgroup === want.portgroup) && (!want.model || have.model === want.model);
}

/** `field: old -> new` for the fields the statement sets (the same ones `same` compares). */
function nicChanges(have: GuestNic, want: GuestNic): string[] {
  const fields = [['network', have.network, want.network], ['portgroup', have.portgroup, want.portgroup], ['model', have.model, want.model]] as const;
  return fields.filter(([, from, to]) => to !== undefined && from !== to).map(([label, from, to]) => `${label}: ${from ?? '(none)'} -> ${to}`);
}

const nicsOf = (d: LiveDomain, t: Target) => (t === 'config' ? d.config : d.live);
const findNic = (d: LiveDomain, t: Target, mac: string | undefined) => nicsOf(d, t).find((n) => n.type === 'network' && n.mac === mac);

function attachCommand(domain: string, nic: GuestNic, targets: readonly Target[]): Command {
  if (nic.portgroup) return deviceCommand('attach-device', domain, networkNicXml(nic), targets);
  const model = nic.model ? ['--model', nic.model] : [];
  return { argv: ['virsh', 'attach-interface', domain, 'network', nic.network!, ...model, '--mac', nic.mac!, ...targetFlags(targets)] };
}

const detachCommand = (domain: string, mac: string, targets: readonly Target[]): Command => ({
  argv: ['virsh', 'detach-interface', domain, 'network', '--mac', mac, ...targetFlags(targets)],
});

const verifyMac = (domain: string, mac: string, targets: readonly Target[]) =>
  verifyInDomain(domain, renderXml(el('mac', { address: mac })).trim(), targets.includes('config') ? 'config' : 'live');

function describe(view: HostView, s: AttachNetworkStmt, nic: GuestNic, targets: readonly Target[], notes: string[]): string {
  const pool = view.model.networks.get(hostKey(view.name, s.network.value))?.stmt.mode.value === 'hostdev';
  const where = nic.portgroup
    ? ` in portgroup ${nic.portgroup} (whose VLAN settings libvirt applies each time the NIC is plugged)`
    : pool
      ? ' (a VF pool: libvirt hands the guest a free VF of it each time the guest starts)'
      : '';
  const when = targets.map((t) => (t === 'config' ? 'in its persistent definition (--config: used from its next start)' : 'hot-plugged into the running guest (--live)')).join(' and ');
  const mac = s.mac ? '' : ` No mac given: vsh derives a stable one (${nic.mac}) from host, guest and network, so a re-plan finds this NIC and undo removes exactly it.`;
  return `Gives guest ${s.domain.value} a NIC${nic.model ? ` (model ${nic.model})` : ''} on network ${nic.network}${where}, ${when}.${mac}${notes.map((n) => ` ${n}`).join('')}`;
}

export function planAttachments(view: HostView, state: LibvirtState): Step[] {
  return libvirtObjects(view).attachments.flatMap(({ stmt: s }): Step[] => {
    const domain = s.domain.value;
    const want = wanted(view.name, s);
    const live = state.domains.get(domain);
    const notes: string[] = [];
    let targets = targetsOf(s);
    if (live && !live.running && targets.includes('live')) {
      targets = targets.filter((t) => t !== 'live');
      notes.push(`${domain} is not running, so there is nothing to hot-plug (--live left out).`);
    }
    // Per target: absent → attach; present but different → detach it, attach anew. A guest not read has nothing.
    const have = (t: Target) => (live ? findNic(live, t, want.mac) : undefined);
    const stale = targets.filter((t) => !same(have(t) ?? want, want));
    const todo = targets.filter((t) => !have(t) || stale.includes(t));
    if (todo.length === 0) return [];
    const old = stale.length ? have(stale[0]!) : undefined;
    return [
      {
        host: view.name,
        backend: 'libvirt',
        action: old ? '~' : '+',
        object: `nic ${want.mac} of ${domain} on ${want.network}`,
        phase: PHASE.guests,
        commands: [...(old ? [detachCommand(domain, want.mac!, stale)] : []), attachCommand(domain, want, todo)],
        undo: [detachCommand(domain, want.mac!, todo), ...(old ? [deviceCommand('attach-device', domain, networkNicXml(old), stale)] : [])],
        verify: verifyMac(domain, want.mac!, todo),
        look: LOOK.guestNics(domain),
        explain: describe(view, s, want, todo, notes),
        ...(old ? { changes: nicChanges(old, want) } : {}),
        span: s.span,
      },
    ];
  });
}

/** Detach the NICs the model attached (found by MAC); guests that were not read have nothing to remove. */
export function destroyAttachments(view: HostView, state: LibvirtState): Step[] {
  return libvirtObjects(view).attachments.flatMap(({ stmt: s }): Step[] => {
    const domain = s.domain.value;
    const live = state.domains.get(domain);
    const mac = wanted(view.name, s).mac!;
    const targets = live ? targetsOf(s).filter((t) => (t === 'config' || live.running) && findNic(live, t, mac)) : [];
    if (!live || targets.length === 0) return [];
    const nic = findNic(live, targets[0]!, mac)!;
    return [
      {
        host: view.name,
        backend: 'libvirt',
        action: '-',
        object: `nic ${mac} of ${domain} on ${nic.network}`,
        phase: PHASE.guests,
        commands: [detachCommand(domain, mac, targets)],
        undo: [deviceCommand('attach-device', domain, networkNicXml(nic), targets)],
        explain: `Removes guest ${domain}'s NIC ${mac} on network ${nic.network} (${targets.map((t) => `--${t}`).join(' ')}).`,
        span: s.span,
      },
    ];
  });
}
