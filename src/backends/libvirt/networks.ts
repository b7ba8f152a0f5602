/**
 * libvirt networks: define, start and autostart what is missing; change what differs;
 * remove (destroy) what vsh defined. How a change is made, decided per change:
 * - portgroups only: `virsh net-update … portgroup` (live and persistent), no restart,
 *   so guests on the network keep their links;
 * - anything else (forward mode/dev, bridge, IP, DHCP, domain …): libvirt applies it only
 *   when the network starts, so the network is redefined and, if it runs, restarted.
 */
import type { NetworkMode, NetworkStmt } from '../../lang/ast.js';
import type { NetworkObj, PortgroupObj } from '../../lang/model.js';
import type { Command } from '../../exec/command.js';
import { LOOK, PHASE, type HostView, type Step } from '../backend.js';
import { diffFields, networkFields, networkXml, portgroupField, portgroupXml, showChange, type FieldChange } from './network-xml.js';
import { libvirtObjects, type LibvirtState, type LiveNetwork } from './read.js';
import { virsh, virshStdin } from './virsh.js';
import { child, children, renderXml, type XmlElement } from './xml.js';

/** Succeeds while the network runs (a constant script; the name is an argument). */
const verifyActive = (name: string): Command => ({ argv: ['sh', '-c', 'virsh net-list --name | grep -qxF -- "$1"', 'sh', name] });

/** What each mode is for, in a lab guide's voice. */
const WHY: Record<NetworkMode, (s: { bridge?: string; dev?: string; ovs: boolean }) => string> = {
  nat: (s) =>
    `A NAT network: libvirt makes bridge ${s.bridge ?? 'virbrN'}, runs dnsmasq on it for DHCP and DNS, and masquerades the guests' traffic out of ${s.dev ?? "the host's default route"}. Guests reach the outside; the outside cannot reach them (no port forwards).`,
  route: (s) =>
    `A routed network: libvirt makes bridge ${s.bridge ?? 'virbrN'} and forwards the guests' subnet out of ${s.dev} without NAT, so guests keep their own addresses; the rest of the LAN needs a route to that subnet via this host.`,
  isolated: (s) => `An isolated network: libvirt makes bridge ${s.bridge ?? 'virbrN'}; guests reach each other and the host, and nothing is forwarded beyond it.`,
  bridge: (s) =>
    s.ovs
      ? `A network on the existing Open vSwitch bridge ${s.bridge}: libvirt creates nothing, it plugs each guest's port into OVS and sets the VLAN of the guest's portgroup every time the guest starts, so the tag survives guest restarts (a tag set by hand on a vnetN port does not).`
      : `A network on the existing bridge ${s.bridge}: libvirt creates nothing and plugs guests' taps into it, so guests sit on the bridge's LAN like any other host.`,
  hostdev: (s) =>
    `A pool of SR-IOV VFs of ${s.dev}: whenever a guest on this network starts, libvirt picks a free VF and passes it through (managed: it detaches the VF from its host driver and binds vfio-pci itself).`,
};

function purpose(s: NetworkStmt): string {
  return WHY[s.mode.value]({ bridge: s.bridge?.value, dev: s.dev?.value, ovs: s.virtualport !== undefined });
}

/** One network-level change and its inverse. */
interface Move {
  commands: Command[];
  undo: Command[];
}

/** A portgroup change by `net-update` (add/modify/delete), and the update that reverts it. */
function portgroupMove(name: string, change: FieldChange, want: XmlElement, live: LiveNetwork): Move {
  const pgName = change.label.slice(portgroupField('').length);
  const find = (net: XmlElement) => children(net, 'portgroup').find((p) => p.attrs.name === pgName);
  const flags = live.active ? ['--live', '--config'] : ['--config'];
  const update = (op: string, pg: XmlElement) => virsh('net-update', name, op, 'portgroup', renderXml(pg, { inline: true }), ...flags);
  const next = find(want);
  const prev = find(live.tree);
  if (!prev) return { commands: [update('add-last', next!)], undo: [update('delete', next!)] };
  if (!next) return { commands: [update('delete', prev)], undo: [update('add-last', prev)] };
  return { commands: [update('modify', next)], undo: [update('modify', prev)] };
}

function changeStep(view: HostView, net: NetworkObj, portgroups: readonly PortgroupObj[], live: LiveNetwork): Step | undefined {
  const stmt = net.stmt;
  const want = networkXml(net, portgroups, child(live.tree, 'uuid')?.text);
  const name = stmt.name.value;
  const autostart = stmt.autostart?.value;
  const fields = diffFields(networkFields(want), live.fields);
  const onlyPortgroups = fields.every((f) => f.label.startsWith(portgroupField('')));
  const moves: Move[] = [];
  const why: string[] = [];
  if (fields.length > 0 && onlyPortgroups) {
    for (const x of fields.map((f) => portgroupMove(name, f, want, live))) moves.push(x);
    why.push(`Portgroups change in place (virsh net-update${live.active ? ', live and persistent' : ''}): no restart, guests keep their links and get the new settings the next time their NIC is plugged (guest start or re-attach).`);
  } else if (fields.length > 0) {
    const restart = live.active ? [virsh('net-destroy', name), virsh('net-start', name)] : [];
    moves.push({ commands: [virshStdin(renderXml(want), 'net-define', '/dev/stdin'), ...restart], undo: [virshStdin(live.xml, 'net-define', '/dev/stdin'), ...restart] });
    why.push(
      live.active
        ? 'libvirt applies these only when a network starts, so it is redefined and restarted: guests on it lose their link to the bridge until their NIC is plugged again (guest restart, or detach and attach).'
        : 'The definition is replaced (net-define); it takes effect when the network starts.',
    );
  }
  const changes = fields.map(showChange);
  if (!live.active) {
    moves.push({ commands: [virsh('net-start', name)], undo: [virsh('net-destroy', name)] });
    changes.push('active: no -> yes');
  }
  if (autostart && (autostart === 'on') !== live.autostart) {
    const on = autostart === 'on';
    moves.push({ commands: [virsh('net-autostart', name, ...(on ? [] : ['--disable']))], undo: [virsh('net-autostart', name, ...(on ? ['--disable'] : []))] });
    changes.push(`autostart: ${live.autostart ? 'on' : 'off'} -> ${autostart}`);
  }
  if (moves.length === 0) return undefined;
  return {
    host: view.name,
    backend: 'libvirt',
    action: '~',
    object: `network ${name}`,
    phase: PHASE.networks,
    commands: moves.flatMap((m) => m.commands),
    undo: moves.reverse().flatMap((m) => m.undo),
    verify: verifyActive(name),
    look: LOOK.network(name),
    explain: [purpose(stmt), ...why].join(' '),
    changes,
    span: stmt.span,
    ...carried(portgroups),
  };
}

/** The portgroups a network step writes into the network's XML, so that they point at it too. */
const carried = (portgroups: readonly PortgroupObj[]): Pick<Step, 'carries'> => (portgroups.length ? { carries: portgroups.map((p) => p.stmt.span) } : {});

/** Steps that make every network the model declares on this host exist, match, run and autostart as declared. */
export function planNetworks(view: HostView, state: LibvirtState): Step[] {
  const { networks, portgroups } = libvirtObjects(view);
  const steps: Step[] = [];
  for (const net of networks) {
    const own = portgroups.filter((p) => p.network === net.name);
    const autostart = net.stmt.autostart?.value;
    const live = state.networks.get(net.name);
    if (live) {
      const step = changeStep(view, net, own, live);
      if (step) steps.push(step);
      continue;
    }
    const want = networkXml(net, own);
    steps.push({
      host: view.name,
      backend: 'libvirt',
      action: '+',
      object: `network ${net.name}`,
      phase: PHASE.networks,
      commands: [
        virshStdin(renderXml(want), 'net-define', '/dev/stdin'),
        virsh('net-start', net.name),
        ...(autostart === 'on' ? [virsh('net-autostart', net.name)] : []),
      ],
      // net-undefine also drops the autostart link.
      undo: [virsh('net-destroy', net.name), virsh('net-undefine', net.name)],
      verify: verifyActive(net.name),
      look: LOOK.networks(),
      explain: `${purpose(net.stmt)} Defined persistently (net-define), started now (net-start)${autostart === 'on' ? ' and at every boot (net-autostart)' : ''}.`,
      span: net.stmt.span,
      ...carried(own),
    });
  }
  return steps;
}

/** Steps that remove the declared networks vsh defined (those without vsh's mark are someone else's and stay). */
export function destroyNetworks(view: HostView, state: LibvirtState): Step[] {
  return libvirtObjects(view).networks.flatMap((net): Step[] => {
    const live = state.networks.get(net.name);
    if (!live?.owned) return [];
    const name = net.name;
    return [
      {
        host: view.name,
        backend: 'libvirt',
        action: '-',
        object: `network ${name}`,
        phase: PHASE.networks,
        commands: [...(live.active ? [virsh('net-destroy', name)] : []), virsh('net-undefine', name)],
        undo: [
          virshStdin(live.xml, 'net-define', '/dev/stdin'),
          ...(live.active ? [virsh('net-start', name)] : []),
          ...(live.autostart ? [virsh('net-autostart', name)] : []),
        ],
        verify: { argv: ['sh', '-c', '! virsh net-list --all --name | grep -qxF -- "$1"', 'sh', name] },
        explain: `Stops network ${name} (guests on it lose their link) and removes its definition. Undo defines the same XML again, uuid included.`,
        span: net.stmt.span,
      },
    ];
  });
}
