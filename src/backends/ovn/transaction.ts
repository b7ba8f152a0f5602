/**
 * The northbound diff: desired rows (the model) against the rows read → one step per row that
 * differs, on the central host, each with its exact inverse as undo. The steps' commands are
 * all `batch: 'ovn-nbctl'`, so apply runs them as ONE ovn-nbctl transaction (all or none);
 * then one more step waits (bounded) until every chassis has realized it (`--wait=hv`) and
 * names the chassis that did not; apply runs the two as ONE invocation (wait.ts). Removals:
 * `apply` removes this project's rows the model no longer declares; `destroy` removes the
 * declared rows vsh made.
 */
import type { Span } from '../../lang/diagnostics.js';
import { ownsOvs } from '../ownership.js';
import { PHASE, type Action, type HostView, type Step } from '../backend.js';
import type { Command } from '../../exec/command.js';
import type { Actual, Desired, Origin, Read } from './nb.js';
import * as C from './nbctl.js';
import { REALIZE_TIMEOUT, waitCommand } from './wait.js';

const LOOK: Command = { argv: ['ovn-nbctl', 'show'] };

type Mark = Read;

/** Makes the steps for one kind of row. */
class Diff {
  readonly steps: Step[] = [];
  private routeIds = 0;
  constructor(private readonly view: HostView) {}

  private add(action: Action, object: string, commands: Command[], undo: Command[], explain: string, span?: Span, changes?: string[]): void {
    this.steps.push({
      host: this.view.name, backend: 'ovn', action, object: `${object} (northbound)`, phase: PHASE.ovn, commands, undo, explain, look: LOOK,
      ...(span ? { span } : {}), ...(changes?.length ? { changes } : {}),
    });
  }

  routeId(): string {
    return `vshroute${this.routeIds++}`;
  }

  /**
   * One table: rows in `want` missing from `have` are created, those that differ changed,
   * and `have` rows `removable` says go are removed.
   */
  table<W, H extends W & Mark>(
    want: ReadonlyMap<string, W & { origin: Origin }>,
    have: ReadonlyMap<string, H>,
    ops: { create: (w: W) => Command[]; remove: (h: W) => Command[]; change?: (from: W, to: W) => Command[]; differs: (h: W, w: W) => string[]; what: (name: string, row: W) => string },
    removable: (h: H, name: string) => boolean,
    creates: boolean,
  ): void {
    if (creates) {
      for (const [name, w] of want) {
        const h = have.get(name);
        const { origin, ...row } = w;
        if (!h) {
          this.add('+', origin.object, ops.create(row as W), ops.remove(row as W), origin.explain, origin.span);
          continue;
        }
        const changes = ops.differs(h, row as W);
        if (changes.length && ops.change) this.add('~', origin.object, ops.change(h, row as W), ops.change(row as W, h), `Changes ${origin.object} in place: ${changes.join(', ')}.`, origin.span, changes);
      }
    }
    for (const [name, h] of have) {
      if (!removable(h, name)) continue;
      const w = want.get(name);
      const why = w ? 'vsh made it and the script is being destroyed' : 'vsh made it for this project and the script no longer declares it';
      this.add('-', w?.origin.object ?? ops.what(name, h), ops.remove(h), ops.create(h), `Removes ${ops.what(name, h)} from the northbound database: ${why}.`, w?.origin.span);
    }
  }
}

const sameList = (a: readonly string[], b: readonly string[]) => [...a].sort().join('\n') === [...b].sort().join('\n');
const show = (v: unknown) => (v === undefined || v === '' ? '(none)' : Array.isArray(v) ? v.join(' ') || '(none)' : typeof v === 'object' ? Object.entries(v as object).map(([k, x]) => `${k}=${x}`).join(',') || '(none)' : String(v));
const field = (name: string, from: unknown, to: unknown) => `${name}: ${show(from)} -> ${show(to)}`;

/** The northbound steps for the central host (apply: make NB match; destroy: remove what the model declares and vsh made). */
export function nbSteps(view: HostView, want: Desired, have: Actual, mode: 'apply' | 'destroy'): Step[] {
  const project = view.project;
  const d = new Diff(view);
  // apply: this project's rows the model no longer declares; destroy: the declared rows vsh made (any project).
  const removable = (declared: ReadonlyMap<string, unknown>) => (h: Mark, name: string) =>
    mode === 'apply' ? !declared.has(name) && h.owner !== undefined && ownsOvs(h.owner, project) : declared.has(name) && h.owner !== undefined;
  // What goes with its parent is not removed on its own (ls-del takes the switch's ports along).
  const goneSwitches = new Set([...have.switches].filter(([n, h]) => removable(want.switches)(h, n)).map(([n]) => n));
  const goneRouters = new Set([...have.routers].filter(([n, h]) => removable(want.routers)(h, n)).map(([n]) => n));

  // Removals of children first, then parents; creations parents first (the order of one transaction).
  d.table(want.routes, have.routes, {
    create: (r) => C.createRoute(r, project, d.routeId()),
    remove: C.removeRoute,
    differs: () => [],
    what: (k) => `route ${k}`,
  }, (h, n) => removable(want.routes)(h, n) && !goneRouters.has(h.router), false);
  d.table(want.ports, have.ports, {
    create: (p) => C.createPort(p, project),
    remove: C.removePort,
    what: (n, p) => `logical port ${n} on ${p.switch}`,
    differs: () => [],
  }, (h, n) => removable(want.ports)(h, n) && !goneSwitches.has(h.switch), false);
  d.table(want.routerPorts, have.routerPorts, {
    create: (p) => C.createRouterPort(p, project),
    remove: C.removeRouterPort,
    what: (n) => `router port ${n}`,
    differs: () => [],
  }, (h, n) => removable(want.routerPorts)(h, n) && !goneRouters.has(h.router), false);
  d.table(want.switches, have.switches, { create: (s) => C.createSwitch(s, project), remove: C.removeSwitch, change: (_f, t) => C.changeSwitch(t), differs: (h, w) => (h.subnet !== w.subnet ? [field('subnet', h.subnet, w.subnet)] : []), what: (n) => `logical switch ${n}` }, removable(want.switches), mode === 'apply');
  d.table(want.routers, have.routers, { create: (r) => C.createRouter(r, project), remove: C.removeRouter, differs: () => [], what: (n) => `logical router ${n}` }, removable(want.routers), mode === 'apply');
  if (mode === 'apply') {
    d.table(want.ports, have.ports, {
      create: (p) => C.createPort(p, project),
      remove: C.removePort,
      change: (f, t) => C.changePort(f, t, project),
      what: (n, p) => `logical port ${n} on ${p.switch}`,
      differs: (h, w) => [
        ...(h.switch !== w.switch ? [field('switch', h.switch, w.switch)] : []),
        ...(h.type !== w.type ? [field('type', h.type, w.type)] : []),
        ...(!sameList(h.addresses, w.addresses) ? [field('addresses', h.addresses, w.addresses)] : []),
        ...(show(h.options) !== show(w.options) ? [field('options', h.options, w.options)] : []),
        ...(h.tag !== w.tag ? [field('tag', h.tag, w.tag)] : []),
      ],
    }, () => false, true);
    d.table(want.routerPorts, have.routerPorts, {
      create: (p) => C.createRouterPort(p, project),
      remove: C.removeRouterPort,
      change: (f, t) => C.changeRouterPort(f, t, project),
      what: (n) => `router port ${n}`,
      differs: (h, w) => [
        ...(h.router !== w.router ? [field('router', h.router, w.router)] : []),
        ...(h.mac !== w.mac ? [field('mac', h.mac, w.mac)] : []),
        ...(!sameList(h.networks, w.networks) ? [field('networks', h.networks, w.networks)] : []),
        ...(h.gatewayChassis !== w.gatewayChassis ? [field('gateway chassis', h.gatewayChassis, w.gatewayChassis)] : []),
      ],
    }, () => false, true);
    d.table(want.routes, have.routes, { create: (r) => C.createRoute(r, project, d.routeId()), remove: C.removeRoute, differs: () => [], what: (k) => `route ${k}` }, () => false, true);
  }
  // Destroy waits too: the patch ports and flows the chassis made for these rows are gone when it returns.
  if (d.steps.length === 0) return d.steps;
  return [
    ...d.steps,
    {
      host: view.name, backend: 'ovn', action: '~', object: 'realized on every chassis', phase: PHASE.ovn + 1,
      commands: [waitCommand(have.nbCfg)], undo: [],
      explain: `Waits (at most ${REALIZE_TIMEOUT} s) until every chassis's ovn-controller has turned this change into flows (ovn-nbctl --wait=hv sync), so the expect lines test the network as written; a chassis that lags is named and the change is rolled back.`,
      span: view.model.ovn.central!.stmt.span,
      look: LOOK,
    },
  ];
}
