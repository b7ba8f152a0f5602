/**
 * The VIF of `logical port NAME … host HOST peer NS:IFNAME`, on its host: a veth whose host
 * end NAME is a port of br-int with external_ids:iface-id=NAME (what binds the logical port
 * to this chassis) and whose other end IFNAME is born inside NS with the port's MAC and
 * address (the prefix of the switch's subnet), MTU 1400 (room for GENEVE over a 1500
 * underlay), and a default route via the router linked to the switch. The OVS interface is
 * marked external_ids:vsh-ovn=PROJECT (not `vsh`: that is the OVS driver's mark).
 */
import type { LogicalPortStmt } from '../../lang/ast.js';
import { parseCidr } from '../../lang/ip.js';
import type { Model } from '../../lang/model.js';
import { ownsOvs, ovsMark } from '../ownership.js';
import { LOOK, PHASE, type HostView, type Step } from '../backend.js';
import { vsctl } from '../ovs/commands.js';
import { ip } from '../linux/commands.js';
import { createVeth } from '../linux/port.js';
import { VIF_MARK, type ChassisState } from './read.js';

/** The integration bridge ovn-controller makes and binds VIFs on. */
export const INTEGRATION_BRIDGE = 'br-int';
/** GENEVE adds 58 bytes with OVN's option; 1400 leaves room over a 1500 underlay (LAB.md). */
export const VIF_MTU = 1400;

/** The prefix of the port's switch (24 when it has no subnet) and the gateway: the router's address on that switch. */
function addressing(model: Model, p: LogicalPortStmt): { prefix: number; gateway?: string } {
  const subnet = model.ovn.switches.get(p.switch.value)?.subnet;
  const prefix = (subnet && parseCidr(subnet.value)?.prefix) ?? 24;
  const link = model.ovn.links.find((l) => l.switch.value === p.switch.value);
  return { prefix, ...(link ? { gateway: link.address.value.split('/')[0]! } : {}) };
}

function removeVif(view: HostView, name: string, why: string, span?: LogicalPortStmt['span']): Step {
  return {
    host: view.name, backend: 'ovn', action: '-', object: `VIF ${name} on ${INTEGRATION_BRIDGE}`, phase: PHASE.wiring,
    commands: [vsctl(['--if-exists', 'del-port', INTEGRATION_BRIDGE, name]), ip(undefined, 'link', 'del', 'dev', name)],
    undo: [],
    explain: `Removes the VIF ${name} (its br-int port and veth pair): ${why}.`,
    look: LOOK.ovs(),
    ...(span ? { span } : {}),
  };
}

/** Apply: a VIF for each logical port with a peer on this host that is missing (or whose veth is gone); this project's VIFs no longer declared go. */
export function planVifs(view: HostView, state: ChassisState): Step[] {
  const steps: Step[] = [];
  const mine = view.model.ovn.ports.filter((p) => p.peer && p.host.value === view.name);
  const declared = new Set(mine.map((p) => p.name.value));
  for (const [name, v] of state.ifaces) {
    if (v.owner !== undefined && ownsOvs(v.owner, view.project) && !declared.has(name)) steps.push(removeVif(view, name, 'vsh made it for this project and the script no longer declares its logical port'));
  }
  for (const p of mine) {
    const name = p.name.value;
    const have = state.ifaces.get(name);
    if (have && have.ifaceId === name && have.open) continue;
    const [ns, peer] = [p.peer!.ns.value, p.peer!.iface.value];
    const { prefix, gateway } = addressing(view.model, p);
    const commands = [
      // An OVS port left without its device (the veth was deleted) is taken off first.
      ...(have ? [vsctl(['--if-exists', 'del-port', INTEGRATION_BRIDGE, name])] : []),
      createVeth(name, { peer, ns, mtu: VIF_MTU }),
      ...(p.mac ? [ip(ns, 'link', 'set', 'dev', peer, 'address', p.mac.value)] : []),
      ...(p.ip ? [ip(ns, 'addr', 'add', `${p.ip.value}/${prefix}`, 'dev', peer)] : []),
      ip(ns, 'link', 'set', 'dev', peer, 'up'),
      ip(undefined, 'link', 'set', 'dev', name, 'up'),
      ...(p.ip && gateway ? [ip(ns, 'route', 'replace', 'default', 'via', gateway)] : []),
      vsctl(['--may-exist', 'add-port', INTEGRATION_BRIDGE, name], ['set', 'Interface', name, `external_ids:iface-id=${JSON.stringify(name)}`, `external_ids:${VIF_MARK}=${JSON.stringify(ovsMark(view.project))}`]),
    ];
    steps.push({
      host: view.name, backend: 'ovn', action: have ? '~' : '+', object: `VIF ${name} on ${INTEGRATION_BRIDGE}`, phase: PHASE.wiring,
      commands,
      undo: [vsctl(['--if-exists', 'del-port', INTEGRATION_BRIDGE, name]), ip(undefined, 'link', 'del', 'dev', name)],
      explain: `Plugs logical port ${name} in on ${view.name}: a veth pair, ${name} in br-int with external_ids:iface-id=${name} (ovn-controller sees it and claims the port for this chassis) and ${peer} inside namespace ${ns}${p.mac ? ` with ${p.mac.value}` : ''}${p.ip ? ` and ${p.ip.value}/${prefix}` : ''}, MTU ${VIF_MTU}${p.ip && gateway ? `, default route via ${gateway}` : ''}.`,
      ...(have ? { changes: ['device: missing -> veth'] } : {}),
      span: p.span,
      look: LOOK.ovs(),
    });
  }
  return steps;
}

/** Destroy: the declared VIFs vsh made. */
export function destroyVifs(view: HostView, state: ChassisState): Step[] {
  return view.model.ovn.ports
    .filter((p) => p.peer && p.host.value === view.name && state.ifaces.get(p.name.value)?.owner !== undefined)
    .map((p) => removeVif(view, p.name.value, 'the script is being destroyed', p.span));
}
