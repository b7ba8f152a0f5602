/**
 * Model → per-host steps. Each host is read once (all drivers' probes in one round trip,
 * hosts in parallel), the live checks run with the facts learned, and every driver diffs
 * the model against what it read. Offline, every host is taken to be empty.
 */
import type { HostStmt } from '../lang/ast.js';
import { runChecks } from '../lang/checks/index.js';
import type { HostFacts } from '../lang/checks/rule.js';
import { diag, type Diagnostic } from '../lang/diagnostics.js';
import type { FrontEndResult } from '../lang/pipeline.js';
import type { Executor } from '../exec/executor.js';
import type { Command } from '../exec/command.js';
import type { HostView, ProbeOutputs, Step } from './backend.js';
import { readHost } from './read-host.js';
import { freeTakes, lookCommand } from '../exec/host-lock.js';

/** The lock is looked at before the drivers' probes and after them (host-lock.ts takesFile). */
const LOCK_BEFORE = 'vsh.lock.before';
const LOCK_AFTER = 'vsh.lock';
const LOCK_TAKE = 'vsh.lock-take';
import { backends } from './registry.js';
import { tracePhase } from '../exec/trace.js';
import { hostFingerprint } from './host-fingerprint.js';
import { readRecord, recordKeeper, recordStep, type RecordChange } from './ovn/record.js';

export interface PlanOptions {
  /** `apply` makes hosts match the model; `destroy` removes what the model declares. */
  mode: 'apply' | 'destroy';
  /** Plan against empty hosts; nothing is read. */
  offline?: boolean;
  /** How to reach a host; undefined = cannot be reached (reported, planned as empty). */
  executorFor?: (name: string, host: HostStmt) => Executor | undefined;
  /** Only these hosts (all when absent). */
  hosts?: readonly string[];
  /** Whose objects these are (ownership.ts); undefined: the legacy marks, every vsh object. */
  project?: string;
  /** Also look, in the same round trip, whether a host's apply lock is there (HostPlan.locked). */
  lockProbe?: boolean;
  /**
   * Do not read a host whose fingerprint, as the OVN central's record keeps it (ovn/record.ts),
   * is the model's: it was made to match this part of the model and nothing of it changed
   * since (apply and plan; not diff, whose point is to find what changed behind vsh's back).
   */
  skipUnchanged?: boolean;
  /**
   * With the record (apply): a host whose recorded fingerprint is not the model's is not read
   * but planned as changing (HostPlan.deferred), to be locked and read once, under its lock.
   */
  deferChanged?: boolean;
  /** With the record: read these hosts' own part at once, alongside the central's northbound part (they are known to need it). */
  readAtOnce?: readonly string[];
  /**
   * With the record: take the central's apply lock with this command in the same round trip,
   * before its northbound read (HostPlan.lockTaken): a logical change is then planned under the
   * lock at once, without a lock round trip and a second read.
   */
  takeCentralLock?: (host: string) => Command;
}

export interface HostPlan {
  host: string;
  /** In the order apply runs them. */
  steps: Step[];
  /** Whether live state was read (false: offline or unreachable, planned as empty). */
  read: boolean;
  /** What the drivers read that is not a change (ReadResult.notes). */
  notes?: string[];
  /** With `lockProbe`: whether the host's apply lock was there (or could not be looked at). */
  locked?: boolean;
  /**
   * With `lockProbe`: the lock's takes count when the lock was free before and after the read
   * and the count did not move, i.e. no vsh changed the host while it was read.
   */
  quietTakes?: number;
  /** Not read: the central's record says it matches its part of the model (skipUnchanged). */
  unchanged?: boolean;
  /** This plan changes the host's entry in the central's record (apply: its fingerprint; destroy: the entry goes). */
  recorded?: boolean;
  /** Not read yet (deferChanged): its part of the model changed since its last apply. */
  deferred?: boolean;
  /** takeCentralLock: this run took the host's lock before reading it (undefined: not tried or not taken). */
  lockTaken?: boolean;
}

export interface Plan {
  mode: PlanOptions['mode'];
  hosts: HostPlan[];
  /** Live checks, read failures, missing host features. */
  diagnostics: Diagnostic[];
}

export const planSteps = (plan: Plan): Step[] => plan.hosts.flatMap((h) => h.steps);

/** What an empty plan means, said for its mode. */
export const nothingToDo = (mode: Plan['mode']): string =>
  mode === 'destroy' ? 'No changes: nothing the model declares that vsh made is left on the hosts.' : 'No changes: the hosts match the model.';

function viewOf(front: FrontEndResult, name: string, host: HostStmt, project: string | undefined, part?: HostView['part']): HostView {
  return { name, host, model: front.model, datapath: host.datapath?.value ?? 'system', ...(project === undefined ? {} : { project }), ...(part ? { part } : {}) };
}

async function planHost(front: FrontEndResult, name: string, host: HostStmt, options: PlanOptions, part?: HostView['part']) {
  const view = viewOf(front, name, host, options.project, part);
  const active = part === 'network' ? backends.filter((b) => b.networkWide) : backends;
  const diagnostics: Diagnostic[] = [];
  let outputs: ProbeOutputs;
  if (!options.offline) {
    const exec = options.executorFor?.(name, host);
    if (!exec) {
      diagnostics.push(diag('VN200', host.name.span, `cannot reach host '${name}': no way to run commands there`, { hint: 'plan with --offline to see the changes against an empty host' }));
    } else {
      try {
        // Taking the lock comes first: what is read after it is read under it.
        const take = part === 'network' && options.takeCentralLock ? [{ id: LOCK_TAKE, command: options.takeCentralLock(name) }] : [];
        const look = options.lockProbe && !take.length ? lookCommand(name) : undefined;
        const probes = active.flatMap((b) => b.probes(view));
        outputs = await readHost(exec, look ? [{ id: LOCK_BEFORE, command: look }, ...probes, { id: LOCK_AFTER, command: look }] : [...take, ...probes]);
        tracePhase(`read ${name}`);
      } catch (err) {
        diagnostics.push(diag('VN200', host.name.span, `could not read host '${name}': ${(err as Error).message}`));
      }
    }
  }
  const facts: HostFacts = {};
  const steps: Step[] = [];
  const notes: string[] = [];
  for (const backend of active) {
    const read = backend.read(view, outputs);
    for (const x of read.diagnostics ?? []) diagnostics.push(x);
    for (const x of read.notes ?? []) notes.push(x);
    mergeFacts(facts, read.facts);
    for (const x of options.mode === 'apply' ? backend.plan(view, read.state) : backend.destroy(view, read.state)) steps.push(x);
  }
  const ordered = byPhase(steps, options.mode);
  const taken = part === 'network' && options.takeCentralLock ? outputs?.get(LOCK_TAKE)?.code === 0 : undefined;
  let locked = {};
  if (taken !== undefined) locked = taken ? { lockTaken: true } : { locked: true };
  else if (options.lockProbe) {
    const before = freeTakes(outputs?.get(LOCK_BEFORE)?.stdout);
    const after = freeTakes(outputs?.get(LOCK_AFTER)?.stdout);
    locked = { locked: after === undefined, ...(before !== undefined && before === after ? { quietTakes: after } : {}) };
  }
  return { plan: { host: name, steps: ordered, read: outputs !== undefined, ...(notes.length > 0 ? { notes } : {}), ...locked } as HostPlan, facts, diagnostics, outputs, view };
}

type HostResult = Awaited<ReturnType<typeof planHost>>;

/** Stable sort by phase; destroy runs the phases backwards. */
function byPhase(steps: readonly Step[], mode: PlanOptions['mode']): Step[] {
  const dir = mode === 'apply' ? 1 : -1;
  return steps.map((s, i) => ({ s, i })).sort((a, b) => dir * (a.s.phase - b.s.phase) || a.i - b.i).map((x) => x.s);
}

/**
 * With an OVN central that keeps the record of the hosts (ovn/record.ts): the central's
 * northbound part is read first, alone (one round trip), then each host's own part — unless
 * the record says the host matches it (skipUnchanged) —, and the central's plan gets the
 * record's changes in its northbound transaction: every host read in this plan (apply) gets
 * its fingerprint, every host destroyed loses its entry. The central is read for the record
 * even when --hosts leaves it out (then only the record is planned there): a host changed
 * without its record updated would later be skipped though it no longer matches.
 */
async function planWithRecord(front: FrontEndResult, options: PlanOptions, keeper: string): Promise<HostResult[]> {
  const inScope = (h: string) => !options.hosts || options.hosts.includes(h);
  const keeperHost = front.model.hosts.get(keeper)!;
  const readOwn = (name: string, host: HostStmt) => planHost(front, name, host, { ...options, lockProbe: options.lockProbe && name !== keeper }, 'own');
  const early = new Map((options.readAtOnce ?? []).filter((h) => inScope(h) && front.model.hosts.has(h)).map((h) => [h, readOwn(h, front.model.hosts.get(h)!)] as const));
  const net = await planHost(front, keeper, keeperHost, options, 'network');
  if (!inScope(keeper)) net.plan.steps = [];
  const record = net.plan.read ? readRecord(net.outputs, options.project) : undefined;
  const hosts = [...front.model.hosts].filter(([name]) => inScope(name));
  const changes: RecordChange[] = [];
  const own = await Promise.all(
    hosts.map(async ([name, host]): Promise<HostResult | undefined> => {
      const stored = record?.get(name);
      if (options.mode === 'destroy') {
        if (record && stored !== undefined) changes.push({ host: name, from: stored });
      } else {
        const want = hostFingerprint(viewOf(front, name, host, options.project));
        const r0 = early.get(name);
        if (!r0 && options.skipUnchanged && stored === want) return undefined;
        if (!r0 && options.deferChanged && record) return { ...net, plan: { host: name, steps: [], read: true, deferred: true, recorded: true }, facts: {}, diagnostics: [], outputs: undefined };
        const r = await (r0 ?? readOwn(name, host));
        if (record && r.plan.read && !r.diagnostics.some((d) => d.severity === 'error') && stored !== want) changes.push({ host: name, ...(stored !== undefined ? { from: stored } : {}), to: want });
        return r;
      }
      return early.get(name) ?? readOwn(name, host);
    }),
  );
  changes.sort((a, b) => (a.host < b.host ? -1 : 1));
  const step = recordStep(net.view, changes);
  // A host left to be read under its lock gets its entry then: the central is busy for it now.
  const willRecord = own.some((r) => r?.plan.deferred);
  const changed = new Set(changes.map((c) => c.host));
  const results: HostResult[] = hosts.map(([name], i) => {
    const r = own[i];
    const base: HostResult = r ?? { ...net, plan: { host: name, steps: [], read: true, unchanged: true }, facts: {}, diagnostics: [], outputs: undefined };
    if (base.plan.deferred) return base;
    return { ...base, plan: { ...base.plan, ...(changed.has(name) ? { recorded: true } : {}) } };
  });
  // The central's plan: its own part (if read), its northbound part, the record.
  const at = results.findIndex((r) => r.plan.host === keeper);
  const central = at >= 0 ? results[at]! : undefined;
  const steps = byPhase([...(central && !central.plan.unchanged ? central.plan.steps : []), ...net.plan.steps, ...(step ? [step] : [])], options.mode);
  const merged: HostResult = {
    ...net,
    plan: {
      host: keeper, steps,
      read: net.plan.read && (central?.plan.read ?? true),
      ...(net.plan.locked !== undefined ? { locked: net.plan.locked } : {}),
      ...(net.plan.lockTaken ? { lockTaken: true } : {}),
      ...(central?.plan.notes ? { notes: central.plan.notes } : {}),
      ...(central?.plan.unchanged ? { unchanged: true } : {}),
      ...(central?.plan.recorded || willRecord ? { recorded: true } : {}),
      ...(central?.plan.deferred ? { deferred: true } : {}),
    },
    facts: central?.facts ?? {},
    diagnostics: [...net.diagnostics, ...(central && !central.plan.unchanged ? central.diagnostics : [])],
  };
  if (central) results[at] = merged;
  else if (steps.length > 0 || merged.diagnostics.length > 0 || willRecord) results.push(merged);
  return results;
}

/** Facts from several drivers: maps and sets are joined, plain values (e.g. an underlay MTU) taken as given. */
function mergeFacts(into: HostFacts, more: HostFacts | undefined): void {
  const target = into as Record<string, unknown>;
  for (const [k, v] of Object.entries(more ?? {})) {
    const had = target[k];
    if (v instanceof Map) target[k] = new Map([...(had instanceof Map ? had : []), ...v]);
    else if (v instanceof Set) target[k] = new Set([...(had instanceof Set ? had : []), ...v]);
    else if (v !== undefined) target[k] = v;
  }
}

/** Plan every host of a checked model (the caller refuses to plan a model with errors). */
export async function makePlan(front: FrontEndResult, options: PlanOptions): Promise<Plan> {
  const hosts = [...front.model.hosts].filter(([name]) => !options.hosts || options.hosts.includes(name));
  const keeper = options.offline ? undefined : recordKeeper(front.model);
  const results = keeper ? await planWithRecord(front, options, keeper) : await Promise.all(hosts.map(([name, host]) => planHost(front, name, host, options)));
  const diagnostics = results.flatMap((r) => r.diagnostics);
  const facts = new Map(results.filter((r) => r.plan.read && !r.plan.unchanged && !r.plan.deferred).map((r) => [r.plan.host, r.facts]));
  if (facts.size > 0) {
    // The live checks (VN115, VN124, VN140 …) with what the hosts told us; the static ones already ran.
    const seen = new Set(front.diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.offset} ${d.message}`));
    const live = runChecks({ statements: front.statements, model: front.model, facts }, { live: true });
    for (const x of live.filter((d) => !seen.has(`${d.code} ${d.span.file}:${d.span.offset} ${d.message}`))) diagnostics.push(x);
  }
  return { mode: options.mode, hosts: results.map((r) => r.plan), diagnostics };
}
