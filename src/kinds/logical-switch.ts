/** `logical switch NAME [subnet CIDR]`: an OVN logical switch, one layer-2 segment across every chassis. */
import type { LogicalSwitchStmt } from '../lang/ast.js';
import type { Kind } from './kind.js';

export const logicalSwitch: Kind<LogicalSwitchStmt> = {
  referable: true,
  place(s, r) {
    if (r.declare(`logical switch ${s.name.value}`, `logical switch '${s.name.value}'`, s, s.name.span)) r.place({ stmt: s });
  },
  resolve({ stmt: s }, r) {
    r.model.ovn.switches.set(s.name.value, s);
  },
  concept: (s) =>
    `A logical switch is a layer-2 segment that exists on no single host: its ports may be bound on any chassis, and OVN carries frames between chassis in GENEVE tunnels whose header names the switch (the VNI). It is one row in the northbound Logical_Switch table; ovn-northd compiles it into logical flows and every chassis with a port on it installs them.${s.subnet ? ` Its subnet ${s.subnet.value} is where its ports' addresses come from (and what 'dynamic' addresses are taken from).` : ''}`,
  lower: ['ovn'],
  example: 'logical switch ls-y subnet 10.91.2.0/24',
  addresses: (s) => [[s.subnet, 'cidr']],
};
