/**
 * Layer-3 diff: desired forwarding, routes and NAT against what the host has → steps.
 * Routes are vsh's (protocol 118) only; in a namespace the model owns, a vsh route it no
 * longer declares is removed. A namespace's NAT rules are one nftables table per project,
 * replaced whole in one transaction.
 */
import type { Action, Step } from '../backend.js';
import { PHASE } from '../backend.js';
import { commandLine } from '../../exec/command.js';
import { inNs, natTable, readForward, routeCmd, setForward, writeNat, type NatRule, type RouteSpec } from './commands.js';
import { ROOT, type L3Desired } from './desired.js';
import type { L3State } from './read.js';

const where = (ns: string) => (ns === ROOT ? 'the host' : `namespace ${ns}`);
const routeLabel = (r: RouteSpec) => `route ${r.dest} via ${r.via}${r.dev ? ` dev ${r.dev}` : ''} in ${where(r.ns)}`;
const natKey = (r: NatRule) => `${r.out}|${r.source ?? ''}`;
const look = (ns: string, argv: string[]) => inNs(ns, argv);

function step(host: string, action: Action, object: string, rest: Omit<Step, 'host' | 'backend' | 'action' | 'object' | 'phase'>): Step {
  return { host, backend: 'l3', action, object, phase: PHASE.l3, ...rest };
}

function forwardSteps(host: string, d: L3Desired, state: L3State): Step[] {
  const out: Step[] = [];
  for (const [ns, want] of d.forward) {
    const have = state.forward.get(ns);
    if (have === want.on) continue;
    // A namespace made by this apply (or not read) starts with forwarding off.
    const before = have ?? false;
    if (before === want.on) continue;
    out.push(
      step(host, have === undefined ? '+' : '~', `forwarding in ${where(ns)}`, {
        commands: [setForward(ns, want.on)],
        undo: [setForward(ns, before)],
        verify: { argv: ['sh', '-c', `test "$(${commandLine(readForward(ns).argv)})" = ${want.on ? 1 : 0}`] },
        explain: want.on
          ? `Turns IPv4 forwarding on in ${where(ns)} (net.ipv4.ip_forward=1): packets for other subnets are routed on instead of dropped.`
          : `Turns IPv4 forwarding off in ${where(ns)}: it stops routing between its interfaces.`,
        changes: [`ip_forward: ${before ? 1 : 0} -> ${want.on ? 1 : 0}`],
        span: want.span,
        look: look(ns, ['sysctl', 'net.ipv4.ip_forward']),
      }),
    );
  }
  return out;
}

function routeSteps(host: string, d: L3Desired, state: L3State): Step[] {
  const out: Step[] = [];
  const wanted = new Map(d.routes.map((r) => [`${r.ns}|${r.dest}`, r]));
  for (const r of d.routes) {
    const have = state.routes.get(r.ns)?.find((x) => x.dest === r.dest);
    const explain = `Adds to ${where(r.ns)} a route to ${r.dest === 'default' ? 'everywhere else (the default route)' : r.dest} through the next hop ${r.via}${r.dev ? ` on ${r.dev}` : ''}, marked as vsh's (proto 118).`;
    const lookRoutes = r.ns === ROOT ? { argv: ['ip', 'route'] } : { argv: ['ip', '-n', r.ns, 'route'] };
    if (!have) {
      out.push(step(host, '+', routeLabel(r), { commands: [routeCmd('add', r)], undo: [routeCmd('del', r)], explain, span: r.span, look: lookRoutes }));
    } else if (have.via !== r.via || (r.dev !== undefined && have.dev !== r.dev)) {
      out.push(
        step(host, '~', routeLabel(r), {
          commands: [routeCmd('replace', r)],
          undo: [routeCmd('replace', have)],
          explain,
          changes: [`via: ${have.via} -> ${r.via}`, ...(r.dev && have.dev !== r.dev ? [`dev: ${have.dev ?? '-'} -> ${r.dev}`] : [])],
          span: r.span,
          look: lookRoutes,
        }),
      );
    }
  }
  for (const [ns, routes] of state.routes) {
    if (!d.ownedNamespaces.has(ns)) continue;
    for (const have of routes) {
      if (wanted.has(`${ns}|${have.dest}`)) continue;
      out.push(step(host, '-', routeLabel(have), { commands: [routeCmd('del', have)], undo: [routeCmd('add', have)], explain: `Removes a route vsh made that the script no longer declares.` }));
    }
  }
  return out;
}

function natSteps(host: string, d: L3Desired, state: L3State, project: string | undefined): Step[] {
  const table = natTable(project);
  const out: Step[] = [];
  for (const ns of new Set(d.nats.map((n) => n.ns))) {
    const rules = d.nats.filter((n) => n.ns === ns).map((n) => ({ out: n.out, ...(n.source ? { source: n.source } : {}) }));
    const have = state.nat.get(ns);
    const same = have && have.length === rules.length && have.map(natKey).sort().join() === rules.map(natKey).sort().join();
    if (same) continue;
    const spans = d.nats.filter((n) => n.ns === ns);
    out.push(
      step(host, have ? '~' : '+', `nat table ${table} in ${where(ns)}`, {
        commands: [writeNat(ns, table, rules)],
        undo: [writeNat(ns, table, have ?? [])],
        explain: `Writes nftables table ${table} in ${where(ns)} in one transaction: a postrouting chain that masquerades ${rules.map((r) => `traffic${r.source ? ` from ${r.source}` : ''} leaving ${r.out}`).join(', ')}.`,
        ...(have ? { changes: [`rules: ${have.map(natKey).join(', ') || 'none'} -> ${rules.map(natKey).join(', ')}`] } : {}),
        span: spans[0]!.span,
        look: look(ns, ['nft', 'list', 'table', 'ip', table]),
      }),
    );
  }
  // The project's table in a namespace the model owns but declares no NAT in any more: it goes.
  for (const [ns, have] of state.nat) {
    if (!d.ownedNamespaces.has(ns) || d.nats.some((n) => n.ns === ns)) continue;
    out.push(
      step(host, '-', `nat table ${table} in ${where(ns)}`, {
        commands: [writeNat(ns, table, [])],
        undo: [writeNat(ns, table, have)],
        explain: `Deletes vsh's nftables table ${table} in ${where(ns)}: the script no longer declares NAT there.`,
      }),
    );
  }
  return out;
}

export function planL3(host: string, d: L3Desired, state: L3State, project: string | undefined): Step[] {
  return [...forwardSteps(host, d, state), ...routeSteps(host, d, state), ...natSteps(host, d, state, project)];
}

/** Destroy: vsh's declared routes and NAT tables go; forwarding goes back off where the model turned it on. */
export function destroyL3(host: string, d: L3Desired, state: L3State, project: string | undefined): Step[] {
  const out: Step[] = [];
  const table = natTable(project);
  for (const ns of new Set(d.nats.map((n) => n.ns))) {
    const have = state.nat.get(ns);
    if (!have) continue;
    out.push(step(host, '-', `nat table ${table} in ${where(ns)}`, { commands: [writeNat(ns, table, [])], undo: [writeNat(ns, table, have)], explain: `Deletes vsh's nftables table ${table} in ${where(ns)}.` }));
  }
  for (const r of d.routes) {
    const have = state.routes.get(r.ns)?.find((x) => x.dest === r.dest);
    if (have) out.push(step(host, '-', routeLabel(have), { commands: [routeCmd('del', have)], undo: [routeCmd('add', have)], explain: `Removes the route vsh made.` }));
  }
  for (const [ns, want] of d.forward) {
    if (want.on && state.forward.get(ns) === true && ns === ROOT)
      out.push(step(host, '-', `forwarding in ${where(ns)}`, { commands: [setForward(ns, false)], undo: [setForward(ns, true)], explain: 'Turns forwarding back off.' }));
  }
  return out;
}
