/**
 * Every statement kind, registered explicitly (containerlab's lesson: one list). Typed
 * over all kinds of the AST and all statement keywords of the grammar, so a kind added
 * to either without its module here does not compile.
 */
import type { StatementKind } from '../lang/ast.js';
import type { StatementKeyword } from '../lang/grammar.js';
import { attachNetwork, attachVf, buildAttach } from './attach.js';
import { bond, buildBond } from './bond.js';
import { bridge, buildBridge } from './bridge.js';
import { buildExpect, expect } from './expect.js';
import { buildFlow, flow } from './flow.js';
import { buildHost, host } from './host.js';
import type { Build, Kind, StatementOf } from './kind.js';
import { buildMacvtap, macvtap } from './macvtap.js';
import { buildNamespace, namespace } from './namespace.js';
import { buildNetwork, network } from './network.js';
import { buildPort, port } from './port.js';
import { buildPortgroup, portgroup } from './portgroup.js';
import { buildSriov, sriov } from './sriov.js';
import { buildTunnel, tunnel } from './tunnel.js';
import { buildUse, use } from './use.js';
import { buildVlan, vlan } from './vlan.js';
import { buildRoute, route } from './route.js';
import { buildNat, nat } from './nat.js';
import { buildContainer, container } from './container.js';
import { buildDhcp, dhcp } from './dhcp.js';
import { buildLink, link } from './link.js';
import { buildOvn, ovnCentral, ovnChassis } from './ovn.js';
import { buildLogical } from './logical.js';
import { logicalSwitch } from './logical-switch.js';
import { logicalRouter } from './logical-router.js';
import { logicalPort } from './logical-port.js';
import { logicalLink } from './logical-link.js';
import { logicalUplink } from './logical-uplink.js';
import { logicalRoute } from './logical-route.js';

/** Each kind's phases. */
export const KINDS: { readonly [K in StatementKind]: Kind<StatementOf<K>> } = {
  host,
  use,
  bridge,
  port,
  namespace,
  tunnel,
  network,
  portgroup,
  'attach-network': attachNetwork,
  'attach-vf': attachVf,
  sriov,
  macvtap,
  bond,
  vlan,
  expect,
  route,
  nat,
  container,
  dhcp,
  flow,
  link,
  'ovn-central': ovnCentral,
  'ovn-chassis': ovnChassis,
  'logical-switch': logicalSwitch,
  'logical-router': logicalRouter,
  'logical-port': logicalPort,
  'logical-link': logicalLink,
  'logical-uplink': logicalUplink,
  'logical-route': logicalRoute,
};

/** How each statement keyword of the grammar is built (one keyword may build several kinds: `attach`). */
export const BUILDERS: { readonly [K in StatementKeyword]: Build } = {
  host: buildHost,
  use: buildUse,
  bridge: buildBridge,
  port: buildPort,
  namespace: buildNamespace,
  tunnel: buildTunnel,
  network: buildNetwork,
  portgroup: buildPortgroup,
  attach: buildAttach,
  sriov: buildSriov,
  macvtap: buildMacvtap,
  bond: buildBond,
  vlan: buildVlan,
  expect: buildExpect,
  route: buildRoute,
  nat: buildNat,
  container: buildContainer,
  dhcp: buildDhcp,
  flow: buildFlow,
  link: buildLink,
  ovn: buildOvn,
  logical: buildLogical,
};

/** The kind module of a statement (the one cast that the mapped type above makes safe). */
export const kindOf = <S extends { kind: StatementKind }>(s: S): Kind<S & StatementOf<S['kind']>> => KINDS[s.kind] as unknown as Kind<S & StatementOf<S['kind']>>;

export const KIND_NAMES = Object.keys(KINDS) as StatementKind[];
