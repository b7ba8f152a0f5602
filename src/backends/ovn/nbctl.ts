/**
 * ovn-nbctl argv for each northbound row: create, change, remove — each the exact inverse
 * of another, so a step's undo is the reverse change. Every command is marked
 * `batch: 'ovn-nbctl'`: the applier joins consecutive ones into ONE ovn-nbctl invocation
 * (`--` separated), i.e. one OVSDB transaction on the central — all of it, or none.
 * Values inside column assignments are OVSDB strings, written quoted.
 */
import type { Command } from '../../exec/command.js';
import { ovsMark } from '../ownership.js';
import type { NbRoute, NbRouter, NbRouterPort, NbSwitch, NbSwitchPort } from './nb.js';

/** One ovn-nbctl command (a part of the transaction). */
export const nbctl = (...args: string[]): Command => ({ argv: ['ovn-nbctl', ...args], batch: 'ovn-nbctl' });

/** An OVSDB string literal for `column=value` and `column:key=value`. */
const q = (v: string): string => JSON.stringify(v);
const mark = (project: string | undefined): string => `external_ids:vsh=${q(ovsMark(project))}`;
/** The gateway chassis priority vsh writes (one gateway per uplink). */
const GW_PRIORITY = '10';

export const createSwitch = (s: NbSwitch, project: string | undefined): Command[] => [
  nbctl('--may-exist', 'ls-add', s.name),
  nbctl('set', 'Logical_Switch', s.name, mark(project), ...(s.subnet ? [`other_config:subnet=${q(s.subnet)}`] : [])),
];
export const changeSwitch = (s: NbSwitch): Command[] => [
  s.subnet ? nbctl('set', 'Logical_Switch', s.name, `other_config:subnet=${q(s.subnet)}`) : nbctl('remove', 'Logical_Switch', s.name, 'other_config', 'subnet'),
];
export const removeSwitch = (s: NbSwitch): Command[] => [nbctl('--if-exists', 'ls-del', s.name)];

/** A port's columns besides its switch: on a fresh row only what is set, on a change all of them (what is gone is cleared). */
function portColumns(p: NbSwitchPort, fresh: boolean): Command[] {
  const options = Object.entries(p.options).map(([k, v]) => `options:${k}=${q(v)}`);
  return [
    nbctl('lsp-set-addresses', p.name, ...p.addresses),
    ...(p.type || !fresh ? [nbctl('lsp-set-type', p.name, p.type)] : []),
    ...(fresh ? [] : [nbctl('clear', 'Logical_Switch_Port', p.name, 'options')]),
    ...(options.length ? [nbctl('set', 'Logical_Switch_Port', p.name, ...options)] : []),
    ...(p.tag !== undefined ? [nbctl('set', 'Logical_Switch_Port', p.name, `tag=${p.tag}`)] : fresh ? [] : [nbctl('clear', 'Logical_Switch_Port', p.name, 'tag')]),
  ];
}
export const createPort = (p: NbSwitchPort, project: string | undefined): Command[] => [
  nbctl('lsp-add', p.switch, p.name),
  nbctl('set', 'Logical_Switch_Port', p.name, mark(project)),
  ...portColumns(p, true),
];
/** A port that moves to another switch is removed and added again (in the same transaction). */
export const changePort = (from: NbSwitchPort, to: NbSwitchPort, project: string | undefined): Command[] =>
  from.switch === to.switch ? portColumns(to, false) : [...removePort(from), ...createPort(to, project)];
export const removePort = (p: NbSwitchPort): Command[] => [nbctl('--if-exists', 'lsp-del', p.name)];

export const createRouter = (r: NbRouter, project: string | undefined): Command[] => [
  nbctl('--may-exist', 'lr-add', r.name),
  nbctl('set', 'Logical_Router', r.name, mark(project)),
];
export const removeRouter = (r: NbRouter): Command[] => [nbctl('--if-exists', 'lr-del', r.name)];

const gateway = (p: NbRouterPort): Command[] => (p.gatewayChassis ? [nbctl('lrp-set-gateway-chassis', p.name, p.gatewayChassis, GW_PRIORITY)] : []);
export const createRouterPort = (p: NbRouterPort, project: string | undefined): Command[] => [
  nbctl('lrp-add', p.router, p.name, p.mac, ...p.networks),
  nbctl('set', 'Logical_Router_Port', p.name, mark(project)),
  ...gateway(p),
];
export const changeRouterPort = (from: NbRouterPort, to: NbRouterPort, project: string | undefined): Command[] => {
  if (from.router !== to.router) return [...removeRouterPort(from), ...createRouterPort(to, project)];
  return [
    nbctl('set', 'Logical_Router_Port', to.name, `mac=${q(to.mac)}`, `networks=[${to.networks.map(q).join(',')}]`),
    ...(from.gatewayChassis !== to.gatewayChassis ? [...(from.gatewayChassis ? [nbctl('lrp-del-gateway-chassis', to.name, from.gatewayChassis)] : []), ...gateway(to)] : []),
  ];
};
export const removeRouterPort = (p: NbRouterPort): Command[] => [nbctl('--if-exists', 'lrp-del', p.name)];

export const createRoute = (r: NbRoute, project: string | undefined, id: string): Command[] => [
  nbctl(`--id=@${id}`, 'create', 'Logical_Router_Static_Route', `ip_prefix=${q(r.prefix)}`, `nexthop=${q(r.nexthop)}`, mark(project)),
  nbctl('add', 'Logical_Router', r.router, 'static_routes', `@${id}`),
];
export const removeRoute = (r: NbRoute): Command[] => [nbctl('--if-exists', 'lr-route-del', r.router, r.prefix, r.nexthop)];
