/**
 * The part of OVN's northbound database vsh manages, as plain data: what the model wants
 * (desired.ts) and what the database holds (read.ts) have this one shape, so the diff
 * (transaction.ts) compares like with like and every change has an exact inverse.
 */

/** A logical switch (Logical_Switch). */
export interface NbSwitch {
  name: string;
  /** other_config:subnet (the network, e.g. 10.90.1.0/24). */
  subnet?: string;
}

/** A logical switch port (Logical_Switch_Port): a VIF, a router port's peer, or a localnet port. */
export interface NbSwitchPort {
  name: string;
  switch: string;
  /** '' (a VIF), 'router' or 'localnet'. */
  type: string;
  addresses: string[];
  options: Record<string, string>;
  tag?: number;
}

export interface NbRouter {
  name: string;
}

/** A logical router port (Logical_Router_Port), with its gateway chassis if it is an uplink. */
export interface NbRouterPort {
  name: string;
  router: string;
  mac: string;
  networks: string[];
  gatewayChassis?: string;
}

/** A static route (Logical_Router_Static_Route); identified by what it says. */
export interface NbRoute {
  router: string;
  prefix: string;
  nexthop: string;
}

/** What a row read from the database carries besides its columns. */
export interface Read {
  /** external_ids:vsh, when vsh made it. */
  owner?: string;
}

export interface NbState<M = object> {
  switches: Map<string, NbSwitch & M>;
  ports: Map<string, NbSwitchPort & M>;
  routers: Map<string, NbRouter & M>;
  routerPorts: Map<string, NbRouterPort & M>;
  routes: Map<string, NbRoute & M>;
  /** NB_Global nb_cfg when read (the sequence number `--wait` bumps). */
  nbCfg?: number;
  /** NB_Global external_ids when read (where vsh keeps its record of the hosts, record.ts). */
  globalIds?: Map<string, string>;
}

/** Where each desired row comes from, for spans and explain. */
export interface Origin {
  span: import('../../lang/diagnostics.js').Span;
  /** What this row is, for people: "logical switch ls-web". */
  object: string;
  explain: string;
}

export type Desired = NbState<{ origin: Origin }>;
export type Actual = NbState<Read>;

export const routeKey = (r: NbRoute): string => `${r.router} ${r.prefix} via ${r.nexthop}`;

export const emptyNb = <M>(): NbState<M> => ({ switches: new Map(), ports: new Map(), routers: new Map(), routerPorts: new Map(), routes: new Map() });
