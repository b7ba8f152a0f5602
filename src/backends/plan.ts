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
import type { HostView, ProbeOutputs, Step } from './backend.js';
import { readHost } from './read-host.js';
import { freeTakes, lookCommand } from '../exec/host-lock.js';

/** The lock is looked at before the drivers' probes and after them (host-lock.ts takesFile). */
const LOCK_BEFORE = 'vsh.lock.before';
const LOCK_AFTER = 'vsh.lock';
import { backends } from './registry.js';
import { tracePhase } from '../exec/trace.js';

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

function viewOf(front: FrontEndResult, name: string, host: HostStmt, project: string | undefined): HostView {
  return { name, host, model: front.model, datapath: host.datapath?.value ?? 'system', ...(project === undefined ? {} : { project }) };
}

async function planHost(front: FrontEndResult, name: string, host: HostStmt, options: PlanOptions) {
  const view = viewOf(front, name, host, options.project);
  const diagnostics: Diagnostic[] = [];
  let outputs: ProbeOutputs;
  if (!options.offline) {
    const exec = options.executorFor?.(name, host);
    if (!exec) {
      diagnostics.push(diag('VN200', host.name.span, `cannot reach host '${name}': no way to run commands there`, { hint: 'plan with --offline to see the changes against an empty host' }));
    } else {
      try {
        const probes = backends.flatMap((b) => b.probes(view));
        const look = lookCommand(name);
        outputs = await readHost(exec, options.lockProbe ? [{ id: LOCK_BEFORE, command: look }, ...probes, { id: LOCK_AFTER, command: look }] : probes);
        tracePhase(`read ${name}`);
      } catch (err) {
        diagnostics.push(diag('VN200', host.name.span, `could not read host '${name}': ${(err as Error).message}`));
      }
    }
  }
  const facts: HostFacts = {};
  const steps: Step[] = [];
  const notes: string[] = [];
  for (const backend of backends) {
    const read = backend.read(view, outputs);
    for (const x of read.diagnostics ?? []) diagnostics.push(x);
    for (const x of read.notes ?? []) notes.push(x);
    mergeFacts(facts, read.facts);
    for (const x of options.mode === 'apply' ? backend.plan(view, read.state) : backend.destroy(view, read.state)) steps.push(x);
  }
  // Stable sort by phase; destroy runs the phases backwards.
  const dir = options.mode === 'apply' ? 1 : -1;
  const ordered = steps.map((s, i) => ({ s, i })).sort((a, b) => dir * (a.s.phase - b.s.phase) || a.i - b.i).map((x) => x.s);
  let locked = {};
  if (options.lockProbe) {
    const before = freeTakes(outputs?.get(LOCK_BEFORE)?.stdout);
    const after = freeTakes(outputs?.get(LOCK_AFTER)?.stdout);
    locked = { locked: after === undefined, ...(before !== undefined && before === after ? { quietTakes: after } : {}) };
  }
  return { plan: { host: name, steps: ordered, read: outputs !== undefined, ...(notes.length > 0 ? { notes } : {}), ...locked }, facts, diagnostics };
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
  const results = await Promise.all(hosts.map(([name, host]) => planHost(front, name, host, options)));
  const diagnostics = results.flatMap((r) => r.diagnostics);
  const facts = new Map(results.filter((r) => r.plan.read).map((r) => [r.plan.host, r.facts]));
  if (facts.size > 0) {
    // The live checks (VN115, VN124, VN140 …) with what the hosts told us; the static ones already ran.
    const seen = new Set(front.diagnostics.map((d) => `${d.code} ${d.span.file}:${d.span.offset} ${d.message}`));
    const live = runChecks({ statements: front.statements, model: front.model, facts }, { live: true });
    for (const x of live.filter((d) => !seen.has(`${d.code} ${d.span.file}:${d.span.offset} ${d.message}`))) diagnostics.push(x);
  }
  return { mode: options.mode, hosts: results.map((r) => r.plan), diagnostics };
}
