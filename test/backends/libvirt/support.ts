/** Shared by the libvirt and SR-IOV driver tests: plan one example or snippet with these drivers only, and print steps for goldens. */
import { readFileSync } from 'node:fs';
import type { Backend, HostView, ProbeOutputs, Step } from '../../../src/backends/backend.js';
import { renderStep } from '../../../src/backends/render-plan.js';
import { showCommand, type CommandResult } from '../../../src/exec/command.js';
import { frontEnd, type FrontEndResult } from '../../../src/lang/pipeline.js';
import { expect } from 'vitest';

/** Run the front end on a snippet, insisting it has no errors. */
export function model(text: string, file = 't.vnet'): FrontEndResult {
  const front = frontEnd([{ file, text }]);
  expect(front.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return front;
}

export const example = (name: string) => model(readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8'), `examples/${name}`);

export function viewOf(front: FrontEndResult, host: string): HostView {
  const stmt = front.model.hosts.get(host)!;
  return { name: host, host: stmt, model: front.model, datapath: stmt.datapath?.value ?? 'system' };
}

/** Canned probe outputs: stdout by probe id (exit 0), or a whole result. */
export function outputs(map: Record<string, string | Partial<CommandResult>>): ProbeOutputs {
  return new Map(Object.entries(map).map(([id, r]) => [id, typeof r === 'string' ? { code: 0, stdout: r, stderr: '' } : { code: 0, stdout: '', stderr: '', ...r }]));
}

/** Read (from `probeOutputs`, or offline) and plan or destroy with the given drivers, steps in phase order as the planner sorts them. */
export function stepsOf(backends: readonly Backend<any>[], view: HostView, probeOutputs?: ProbeOutputs, mode: 'apply' | 'destroy' = 'apply'): Step[] {
  const steps = backends.flatMap((b) => {
    const { state } = b.read(view, probeOutputs);
    return mode === 'apply' ? b.plan(view, state) : b.destroy(view, state);
  });
  const dir = mode === 'apply' ? 1 : -1;
  return steps.map((s, i) => ({ s, i })).sort((a, b) => dir * (a.s.phase - b.s.phase) || a.i - b.i).map((x) => x.s);
}

const indent = (text: string, by: string) => text.split('\n').map((l) => by + l).join('\n');

/** Steps as a reviewer reads them: the plan's own rendering, then undo, verify and explanation. */
export function stepsText(steps: readonly Step[]): string {
  return steps
    .map((s) => {
      const undo = s.undo.length ? `\n    undo:\n${s.undo.map((c) => indent(showCommand(c), '      ')).join('\n')}` : '';
      const verify = s.verify ? `\n    verify:\n${indent(showCommand(s.verify), '      ')}` : '';
      return `${renderStep(s, false)}${undo}${verify}\n    explain: ${s.explain}\n`;
    })
    .join('\n');
}
