/** The model's logical topology → the northbound rows it stands for (nb.ts), each with the statement it comes from. */
import { formatSubnet, parseCidr } from '../../lang/ip.js';
import type { OvnModel } from '../../lang/model.js';
import { emptyNb, routeKey, type Desired } from './nb.js';
import { derivedMac, linkNames, uplinkNames } from './names.js';

/** `10.90.1.7/24` → `10.90.1.0/24`. */
const networkOf = (cidr: string): string => {
  const c = parseCidr(cidr);
  return c ? formatSubnet(c) : cidr;
};

/** `chassisOf(host)`: the chassis name (system-id) OVN knows the host by. */
export function desiredNb(ovn: OvnModel, chassisOf: (host: string) => string): Desired {
  const nb: Desired = emptyNb();
  for (const s of ovn.switches.values()) {
    const subnet = s.subnet ? networkOf(s.subnet.value) : undefined;
    nb.switches.set(s.name.value, {
      name: s.name.value,
      ...(subnet ? { subnet } : {}),
      origin: { span: s.span, object: `logical switch ${s.name.value}`, explain: `Adds logical switch ${s.name.value} to the northbound database (Logical_Switch)${subnet ? ` with other_config:subnet=${subnet}` : ''}; ovn-northd turns it into a logical datapath with its own tunnel key.` },
    });
  }
  for (const r of ovn.routers.values()) {
    nb.routers.set(r.name.value, { name: r.name.value, origin: { span: r.span, object: `logical router ${r.name.value}`, explain: `Adds logical router ${r.name.value} (Logical_Router): a distributed router every chassis runs for its own ports.` } });
  }
  for (const p of ovn.ports) {
    const addresses = p.mac && p.ip ? [`${p.mac.value} ${p.ip.value}`] : p.dynamic ? ['dynamic'] : ['unknown'];
    nb.ports.set(p.name.value, {
      name: p.name.value, switch: p.switch.value, type: '', addresses, options: {},
      origin: { span: p.span, object: `logical port ${p.name.value} on ${p.switch.value}`, explain: `Adds VIF ${p.name.value} to switch ${p.switch.value} (addresses "${addresses[0]}"); it comes up once the OVS port with external_ids:iface-id=${p.name.value} appears on ${p.host.value}'s br-int.` },
    });
  }
  for (const l of ovn.links) {
    const n = linkNames(l.router.value, l.switch.value);
    const mac = l.mac?.value ?? derivedMac(n.routerPort);
    const origin = (what: string) => ({ span: l.span, object: what, explain: `Connects router ${l.router.value} to switch ${l.switch.value}: router port ${n.routerPort} (${mac} ${l.address.value}) and switch port ${n.switchPort} of type router that points at it.` });
    nb.routerPorts.set(n.routerPort, { name: n.routerPort, router: l.router.value, mac, networks: [l.address.value], origin: origin(`router port ${n.routerPort}`) });
    nb.ports.set(n.switchPort, { name: n.switchPort, switch: l.switch.value, type: 'router', addresses: ['router'], options: { 'router-port': n.routerPort }, origin: origin(`logical port ${n.switchPort} on ${l.switch.value}`) });
  }
  for (const u of ovn.uplinks) {
    const n = uplinkNames(u.router.value, u.vlan.value);
    const mac = derivedMac(n.routerPort);
    const chassis = chassisOf(u.chassis.value);
    const explain = `Uplinks router ${u.router.value} to VLAN ${u.vlan.value} of ${u.network.value}: switch ${n.switch} with localnet port ${n.localnet} (tag ${u.vlan.value}) and router port ${n.routerPort} (${u.address.value}) on gateway chassis ${chassis}.`;
    const origin = (what: string) => ({ span: u.span, object: what, explain });
    nb.switches.set(n.switch, { name: n.switch, subnet: networkOf(u.address.value), origin: origin(`logical switch ${n.switch}`) });
    nb.ports.set(n.localnet, { name: n.localnet, switch: n.switch, type: 'localnet', addresses: ['unknown'], options: { network_name: u.network.value }, tag: u.vlan.value, origin: origin(`localnet port ${n.localnet} on ${n.switch}`) });
    nb.ports.set(n.switchPort, { name: n.switchPort, switch: n.switch, type: 'router', addresses: ['router'], options: { 'router-port': n.routerPort }, origin: origin(`logical port ${n.switchPort} on ${n.switch}`) });
    nb.routerPorts.set(n.routerPort, { name: n.routerPort, router: u.router.value, mac, networks: [u.address.value], gatewayChassis: chassis, origin: origin(`router port ${n.routerPort}`) });
    if (u.gateway) {
      const route = { router: u.router.value, prefix: '0.0.0.0/0', nexthop: u.gateway.value };
      nb.routes.set(routeKey(route), { ...route, origin: { span: u.span, object: `route ${routeKey(route)}`, explain: `Gives router ${u.router.value} a default route to ${u.gateway.value}, out of its uplink on VLAN ${u.vlan.value}.` } });
    }
  }
  for (const r of ovn.routes) {
    const route = { router: r.router.value, prefix: r.dest.value, nexthop: r.via.value };
    nb.routes.set(routeKey(route), { ...route, origin: { span: r.span, object: `route ${routeKey(route)}`, explain: `Adds a static route on ${r.router.value}: ${r.dest.value} via ${r.via.value} (Logical_Router_Static_Route).` } });
  }
  return nb;
}
