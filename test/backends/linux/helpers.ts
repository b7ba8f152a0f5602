/** Helpers for the Linux driver's tests: a view of one host, planning through the driver alone, rendering steps. */
import { readFileSync } from 'node:fs';
import type { HostView, ProbeOutputs, Step } from '../../../src/backends/backend.js';
import { linuxBackend } from '../../../src/backends/linux/index.js';
import type { LinuxState } from '../../../src/backends/linux/state.js';
import { readHost } from '../../../src/backends/read-host.js';
import { renderStep } from '../../../src/backends/render-plan.js';
import { applySteps } from '../../../src/exec/apply.js';
import type { CommandResult } from '../../../src/exec/command.js';
import type { Executor } from '../../../src/exec/executor.js';
import type { ReadResult } from '../../../src/backends/backend.js';
import { frontEnd, type FrontEndResult } from '../../../src/lang/pipeline.js';

/** Parse and check a script; fails the test on errors (with the messages). */
export function model(text: string, file = 't.vnet'): FrontEndResult {
  const front = frontEnd([{ file, text }]);
  const errors = front.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
  return front;
}

export function viewOf(front: FrontEndResult, host: string): HostView {
  const h = front.model.hosts.get(host);
  if (!h) throw new Error(`no host ${host}`);
  return { name: host, host: h, model: front.model, datapath: h.datapath?.value ?? 'system' };
}

/** Read a host through the driver's probes (live) or not at all (offline: outputs undefined). */
export async function readLive(view: HostView, exec: Executor): Promise<ReadResult<LinuxState>> {
  return linuxBackend.read(view, await readHost(exec, linuxBackend.probes(view)));
}

/** The driver's steps for a host against canned probe outputs (undefined: offline). */
export function planWith(view: HostView, outputs: ProbeOutputs, mode: 'apply' | 'destroy' = 'apply'): { steps: Step[]; read: ReadResult<LinuxState> } {
  const read = linuxBackend.read(view, outputs);
  return { steps: mode === 'apply' ? linuxBackend.plan(view, read.state) : linuxBackend.destroy(view, read.state), read };
}

/** Read live and plan. */
export async function planLive(view: HostView, exec: Executor, mode: 'apply' | 'destroy' = 'apply'): Promise<Step[]> {
  const read = await readLive(view, exec);
  return mode === 'apply' ? linuxBackend.plan(view, read.state) : linuxBackend.destroy(view, read.state);
}

/** Steps in the order the planner runs them (phases; destroy backwards). */
export function ordered(steps: readonly Step[], mode: 'apply' | 'destroy' = 'apply'): Step[] {
  const dir = mode === 'apply' ? 1 : -1;
  return steps.map((s, i) => ({ s, i })).sort((a, b) => dir * (a.s.phase - b.s.phase) || a.i - b.i).map((x) => x.s);
}

/** Apply one host's steps with the real applier (batched, rolled back on failure); throws with the failure. */
export async function apply(host: string, exec: Executor, steps: readonly Step[], mode: 'apply' | 'destroy' = 'apply'): Promise<void> {
  const outcome = await applySteps(new Map([[host, ordered(steps, mode)]]), { executorFor: () => exec, lock: false });
  if (!outcome.ok) throw new Error(`apply failed on ${host}: ${JSON.stringify(outcome.failure, null, 2)}`);
}

/** Steps as the plan shows them, without colour. */
export function render(steps: readonly Step[]): string {
  return steps.map((s) => renderStep(s, false)).join('\n') + '\n';
}

/** Canned probe outputs: probe id → stdout (exit 0), or a full result. */
export function outputs(entries: Record<string, string | CommandResult>): ProbeOutputs {
  return new Map(Object.entries(entries).map(([id, v]) => [id, typeof v === 'string' ? { code: 0, stdout: v, stderr: '' } : v]));
}

/** A fixture file's text (test/fixtures/linux/NAME). */
export function fixture(name: string): string {
  return readFileSync(new URL(`../../fixtures/linux/${name}`, import.meta.url), 'utf8');
}
