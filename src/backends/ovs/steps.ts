/**
 * Desired (the model) against actual (what OVS holds) → steps. `+` creates what is
 * missing, `~` writes only the columns that differ (or re-creates a port that OVS cannot
 * change in place: another bridge, other bond slaves), `-` removes what this project made
 * (external_ids:vsh=PROJECT, ownership.ts) and the model no longer declares. Destroy removes
 * what the model declares and vsh made; a system NIC is only taken off its bridge.
 */
import type { Command } from '../../exec/command.js';
import type { Span } from '../../lang/diagnostics.js';
import { LOOK, PHASE, type HostView, type Step } from '../backend.js';
import { ovsMark } from '../ownership.js';
import { keepBefore, keepBridge, keptFields, isForeign } from './adopt.js';
import { ownersOf, release, share } from './owners.js';
import { addBridge, addPort, bridgeAsRead, delBridge, delPort, fieldsOf, owned, portAsRead, vsctl, waitUntil } from './commands.js';
import type { Role, Want, WantBridge, WantPort } from './desired.js';
import * as say from './explain.js';
import { changedFields, describeChange, isFresh, lookupIn, writeSegments, type FieldChange } from './fields.js';
import { isOwned, isOwnedBy, madeByVsh, type OvsBridge, type OvsPort, type OvsState } from './state.js';

const TUNNEL_TYPES = new Set(['gre', 'vxlan', 'geneve']);

/** How the plan names an object: "bridge br-int", "tunnel gre-hostB on br-int". */
function objectName(role: Role | 'bridge', name: string, bridge?: string): string {
  return role === 'bridge' ? `bridge ${name}` : `${role} ${name} on ${bridge}`;
}

/** What a port read from OVS looks like, for naming it when the model no longer says. */
function roleOf(state: OvsState, p: OvsPort): Role {
  if (p.ifaces.length > 1) return 'bond';
  if (state.ifaces.get(p.name)?.values.get('type') === 'patch') return 'patch';
  return TUNNEL_TYPES.has(state.ifaces.get(p.name)?.values.get('type') ?? '') ? 'tunnel' : 'port';
}

/** A command the applier runs as its own transaction. */
const alone = (c: Command): Command => ({ ...c, batch: 'alone' });

class Planner {
  private readonly lookup;

  constructor(
    private readonly view: HostView,
    private readonly state: OvsState,
  ) {
    this.lookup = lookupIn(state);
  }

  private step(s: Omit<Step, 'host' | 'backend' | 'phase' | 'span'> & { span?: Span | undefined }): Step {
    const { span, ...rest } = s;
    return { host: this.view.name, backend: 'ovs', phase: PHASE.ovs, look: LOOK.ovs(), ...rest, ...(span ? { span } : {}) };
  }

  /** `~` that writes only what differs; undefined when nothing does. */
  private change(object: string, changes: FieldChange[], span: Span, about: string): Step | undefined {
    if (changes.length === 0) return undefined;
    const lines = changes.map(describeChange);
    // On a row vsh did not make, the old values are kept first, for destroy to put back.
    const { keep, unkeep } = keepBefore(this.state, changes);
    return this.step({
      action: '~',
      object,
      commands: [vsctl(...keep, ...writeSegments(changes.map((c) => c.want)))],
      undo: [vsctl(...writeSegments(changes.map((c) => c.was)), ...unkeep)],
      verify: waitUntil(changes.map((c) => c.want), changes[0]!.want),
      explain: say.change(lines, about),
      changes: lines,
      span,
    });
  }

  bridge(b: WantBridge): Step | undefined {
    if (this.state.bridges.has(b.name)) return this.change(objectName('bridge', b.name), changedFields(b.fields, this.lookup), b.span, b.explain.about);
    const checks = b.fields.filter((f) => !isFresh(f));
    return this.step({
      action: '+',
      object: objectName('bridge', b.name),
      commands: [vsctl(...addBridge(b.name, [...b.fields, owned('Bridge', b.name, this.view.project)]))],
      undo: [vsctl(delBridge(b.name))],
      verify: checks.length > 0 ? waitUntil(checks, { table: 'Bridge', record: b.name }) : { argv: ['ovs-vsctl', 'br-exists', b.name] },
      explain: b.explain.create,
      span: b.span,
    });
  }

  /** `actual`: the port of that name, unless it goes with a bridge being removed. */
  port(p: WantPort, actual: OvsPort | undefined): Step | undefined {
    const reasons = actual ? this.reshape(p, actual) : [];
    const object = objectName(p.role, p.name, p.bridge);
    if (actual && reasons.length === 0) return this.change(object, changedFields(p.fields, this.lookup), p.span, p.explain.about);
    // A port vsh did not make keeps its own external_ids (never vsh's mark) and where it was.
    const foreign = actual !== undefined && !isOwned(actual);
    const marks = foreign ? fieldsOf('Port', p.name, new Map([...actual.values].filter(([k]) => k.startsWith('external_ids:')))) : [owned('Port', p.name, this.view.project)];
    const make = addPort(p, [...p.fields, ...marks]);
    const verify = waitUntil(p.fields.filter((f) => !isFresh(f)), { table: 'Port', record: p.name });
    if (!actual) {
      return this.step({ action: '+', object, commands: [vsctl(...make)], undo: [vsctl(delPort(p.bridge, p.name))], verify, explain: p.explain.create, span: p.span });
    }
    // OVS cannot move a port or change a bond's slaves in place: take it off and add it again, in one transaction.
    // A dead port needs two: in one, ovs-vswitchd sees the same port and keeps its dead handle.
    const before = portAsRead(this.state, actual);
    const dead = this.state.dead?.has(p.name) === true;
    return this.step({
      action: '~',
      object,
      commands: dead
        ? [alone(vsctl(delPort(actual.bridge, p.name))), alone(vsctl(...make))]
        : [vsctl(delPort(actual.bridge, p.name), ...make, ...(foreign ? this.keepAll(p, actual) : []))],
      undo: [vsctl(delPort(p.bridge, p.name), ...addPort(before.shape, before.fields))],
      verify,
      explain: say.recreate(p.name, reasons.map((r) => r.prose).join(' or '), p.explain.about),
      changes: [...reasons.map((r) => r.line), ...changedFields(p.fields, this.lookup).map(describeChange)],
      span: p.span,
    });
  }

  /** For a port vsh did not make and re-creates: keep its old values and bridge (once), for destroy to put back. */
  private keepAll(p: WantPort, actual: OvsPort): string[][] {
    const kept = keepBefore(this.state, changedFields(p.fields, this.lookup)).keep;
    if (actual.bridge !== p.bridge && !keptFields(this.state, 'Port', p.name).bridge) kept.push(keepBridge(p.name, actual.bridge));
    return kept;
  }

  /** What makes `actual` another object than `want` (its bridge, bond or not, its slaves): plan lines and prose. */
  private reshape(want: WantPort, actual: OvsPort): { line: string; prose: string }[] {
    const out: { line: string; prose: string }[] = [];
    const dead = this.state.dead?.get(want.name);
    if (dead) out.push({ line: `health: dead (${dead}) -> plugged in again`, prose: `a dead port (${dead})` });
    if (actual.bridge !== want.bridge) out.push({ line: `bridge: ${actual.bridge} -> ${want.bridge}`, prose: `a port's bridge (${actual.bridge} -> ${want.bridge})` });
    const had = actual.ifaces.length > 1 ? [...actual.ifaces].sort().join(',') : undefined;
    const wants = want.slaves ? [...want.slaves].sort().join(',') : undefined;
    if (had !== wants) {
      const line = `slaves: ${had ?? '(not a bond)'} -> ${wants ?? '(not a bond)'}`;
      out.push({ line, prose: had && wants ? `a bond's slaves (${had} -> ${wants})` : `whether a port is a bond (${line})` });
    }
    return out;
  }

  /** Destroy of a row vsh did not make: put back the values it kept (and a moved port on its bridge); undefined when none. */
  restore(table: 'Bridge' | 'Port', name: string, span: Span): Step | undefined {
    const kept = keptFields(this.state, table, name);
    if (kept.keys.length === 0) return undefined;
    const now = kept.fields.map((f) => ({ ...f, value: lookupIn(this.state)(f.table, f.record)?.get(f.column) }));
    const object = table === 'Bridge' ? objectName('bridge', name) : objectName('port', name, this.state.ports.get(name)!.bridge);
    const changes = kept.fields.map((f, i) => describeChange({ want: f, was: now[i]! }));
    const port = table === 'Port' ? this.state.ports.get(name)! : undefined;
    if (port && kept.bridge && kept.bridge !== port.bridge) {
      // Moved here by vsh: back onto its bridge, as it is now but with the kept values and without the keys.
      const before = portAsRead(this.state, port);
      const drop = new Set(kept.keys.map((k) => `${k.table} ${k.column}`));
      const back = [...before.fields.filter((f) => !drop.has(`${f.table} ${f.column}`) && !kept.fields.some((k) => k.table === f.table && k.column === f.column)), ...kept.fields];
      return this.step({
        action: '~',
        object,
        commands: [vsctl(delPort(port.bridge, name), ...addPort({ ...before.shape, bridge: kept.bridge }, back))],
        undo: [vsctl(delPort(kept.bridge, name), ...addPort(before.shape, before.fields))],
        explain: say.restore(name, kept.bridge),
        changes: [`bridge: ${port.bridge} -> ${kept.bridge}`, ...changes],
        span,
      });
    }
    // mtu_request was empty: ask for the MTU it had, then clear it (two transactions: OVS keeps an MTU it had).
    const mtu = kept.mtu && kept.fields.some((f) => f.table === 'Interface' && f.column === 'mtu_request' && f.value === undefined) ? kept.mtu : undefined;
    const write = vsctl(...writeSegments([...kept.fields, ...kept.keys]));
    return this.step({
      action: '~',
      object,
      commands: mtu ? [alone(vsctl(['set', 'Interface', name, `mtu_request=${mtu}`])), alone(write)] : [write],
      undo: [vsctl(...writeSegments([...now, ...kept.keys.map((k) => ({ ...k, value: this.state[table === 'Bridge' ? 'bridges' : 'ports'].get(name)!.values.get(k.column) }))]))],
      explain: say.restore(name),
      changes,
      span,
    });
  }

  /** A bridge another project made and this one declares too: add this project's owner mark. */
  share(b: WantBridge): Step | undefined {
    const actual = this.state.bridges.get(b.name);
    const sh = actual && share(actual, this.view.project);
    if (!sh) return undefined;
    return this.step({ action: '~', object: objectName('bridge', b.name), commands: [vsctl(...sh.add)], undo: [vsctl(...sh.undo)], explain: say.share(b.name), changes: [sh.line], span: b.span });
  }

  /** A bridge this project drops but other projects own too: take its mark off instead of deleting it; undefined when none other does. */
  release(b: OvsBridge, span?: Span): Step | undefined {
    const rel = release(b, this.view.project);
    if (!rel) return undefined;
    return this.step({ action: '~', object: objectName('bridge', b.name), commands: [vsctl(...rel.drop)], undo: [vsctl(...rel.undo)], explain: say.release(b.name, rel.others), changes: [rel.line], span });
  }

  /** Whether this project owns the bridge (made it, or shares it). */
  mine(b: OvsBridge): boolean {
    return this.view.project === undefined ? isOwned(b) : ownersOf(b).includes(ovsMark(this.view.project));
  }

  removeBridge(b: OvsBridge, why: say.Why, span?: Span): Step {
    const foreign = b.ports.filter((n) => n !== b.name && !madeByVsh(this.state.ports.get(n)));
    return this.step({
      action: '-',
      object: objectName('bridge', b.name),
      commands: [vsctl(delBridge(b.name))],
      undo: [vsctl(...bridgeAsRead(this.state, b))],
      explain: say.removeBridge(b.name, why, foreign),
      span,
    });
  }

  removePort(p: OvsPort, why: say.Why, role: Role, span?: Span): Step {
    const before = portAsRead(this.state, p);
    const type = p.ifaces.length > 1 ? undefined : (this.state.ifaces.get(p.name)?.values.get('type') ?? 'system');
    return this.step({
      action: '-',
      object: objectName(role, p.name, p.bridge),
      commands: [vsctl(delPort(p.bridge, p.name))],
      undo: [vsctl(...addPort(before.shape, before.fields))],
      explain: say.removePort(p.name, p.bridge, type, why),
      span,
    });
  }

  /** Owned bridges the model no longer declares; their ports go with them (a bridge carrying a port vsh did not make stays: `keptBridges`). */
  staleBridges(want: Want): OvsBridge[] {
    const wanted = new Set(want.bridges.map((b) => b.name));
    return [...this.state.bridges.values()].filter((b) => this.mine(b) && !wanted.has(b.name) && this.foreignPorts(b).length === 0);
  }

  /** Ports on a bridge that no vsh project made: del-br would take them along, so such a bridge is never deleted. */
  foreignPorts(b: OvsBridge): string[] {
    // A port vsh moved here goes back to the bridge it kept (destroy's restore), so it does not hold this one.
    return b.ports.filter((n) => n !== b.name && !madeByVsh(this.state.ports.get(n)) && !keptFields(this.state, 'Port', n).bridge);
  }
}

const defined = <T>(x: T | undefined): x is T => x !== undefined;

/** Steps that make the host's OVS match the model: removals first, then bridge by bridge. */
export function planOvs(view: HostView, want: Want, state: OvsState): Step[] {
  const pl = new Planner(view, state);
  // A bridge other projects own too is released (this project's mark off), not deleted.
  const dropped = pl.staleBridges(want);
  const released = dropped.flatMap((b) => pl.release(b) ?? []);
  const stale = dropped.filter((b) => !released.some((r) => r.object === objectName('bridge', b.name)));
  const gone = new Set(stale.map((b) => b.name));
  const wantedPorts = new Set(want.bridges.flatMap((b) => b.ports.map((p) => p.name)));
  const live = (name: string) => {
    const p = state.ports.get(name);
    return p && !gone.has(p.bridge) ? p : undefined;
  };
  const steps: Step[] = [...released, ...stale.map((b) => pl.removeBridge(b, 'undeclared'))];
  for (const p of state.ports.values()) {
    if (isOwnedBy(p, view.project) && !wantedPorts.has(p.name) && !gone.has(p.bridge)) steps.push(pl.removePort(p, 'undeclared', roleOf(state, p)));
  }
  const wantedBridges = new Set(want.bridges.map((b) => b.name));
  noteKept(steps, pl, [...state.bridges.values()].filter((b) => pl.mine(b) && !release(b, view.project) && !wantedBridges.has(b.name) && !gone.has(b.name)));
  for (const b of want.bridges) for (const s of [pl.bridge(b), pl.share(b), ...b.ports.map((p) => pl.port(p, live(p.name)))].filter(defined)) steps.push(s);
  return steps;
}

/** Say on the steps that touch a bridge that stays why it stays (its own ports go one by one instead of with del-br). */
function noteKept(steps: Step[], pl: Planner, kept: readonly OvsBridge[]): void {
  for (const b of kept) {
    const note = ` Bridge ${b.name} stays though vsh made it: it carries ${pl.foreignPorts(b).join(', ')}, which vsh did not add, and del-br would take them along.`;
    for (const s of steps) if (s.object.endsWith(` on ${b.name}`)) s.explain += note;
  }
}

/** Steps that remove what the model declares and vsh made: ports first, then bridges (del-br takes their ports along). */
export function destroyOvs(view: HostView, want: Want, state: OvsState): Step[] {
  const pl = new Planner(view, state);
  const owned = want.bridges.filter((b) => isOwned(state.bridges.get(b.name)));
  // Owned by other projects too: released (this project's mark off) and kept.
  const released = owned.flatMap((b) => pl.release(state.bridges.get(b.name)!, b.span) ?? []);
  const shared = new Set(released.map((r) => r.object));
  const bridges = owned.filter((b) => !shared.has(objectName('bridge', b.name)) && pl.foreignPorts(state.bridges.get(b.name)!).length === 0);
  const gone = new Set(bridges.map((b) => b.name));
  const steps: Step[] = [];
  for (const p of want.bridges.flatMap((b) => b.ports)) {
    const actual = state.ports.get(p.name);
    if (actual && isOwned(actual) && !gone.has(actual.bridge)) steps.push(pl.removePort(actual, 'destroy', p.role, p.span));
  }
  // Rows vsh did not make stay; what vsh changed on them goes back (a moved port first, before its bridge goes).
  for (const b of want.bridges) {
    const back = [...b.ports.map((p) => (isForeign(state, 'Port', p.name) ? pl.restore('Port', p.name, p.span) : undefined)), isForeign(state, 'Bridge', b.name) ? pl.restore('Bridge', b.name, b.span) : undefined];
    for (const s of back) if (s) steps.push(s);
  }
  for (const r of released) steps.push(r);
  for (const b of bridges) steps.push(pl.removeBridge(state.bridges.get(b.name)!, 'destroy', b.span));
  noteKept(steps, pl, owned.filter((b) => !gone.has(b.name) && !shared.has(objectName('bridge', b.name))).map((b) => state.bridges.get(b.name)!));
  return steps;
}
