/**
 * A plan for people (`+`/`~`/`-` lines per host with the exact commands, Terraform's
 * shape) and for machines (`--json`: `{"changes": N, "steps": [...]}`).
 */
import { showCommand } from '../exec/command.js';
import type { Step } from './backend.js';
import { nothingToDo, planSteps, type Plan } from './plan.js';

const ACTION_COLOR = { '+': 32, '~': 33, '-': 31 } as const;

function paint(color: boolean, code: number, text: string): string {
  return color ? `\x1b[${code}m${text}\x1b[0m` : text;
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}

/** One step: the action line, then its commands indented. */
export function renderStep(step: Step, color: boolean): string {
  const head = `${paint(color, ACTION_COLOR[step.action], step.action)} ${step.object} ${paint(color, 2, `[${step.backend}]`)}`;
  const changes = step.changes?.length ? `\n${indent(step.changes.join('\n'), '      ')}` : '';
  return `  ${head}${changes}\n${step.commands.map((c) => indent(showCommand(c), '      ')).join('\n')}`;
}

/** Count of steps by action. */
export function tally(steps: readonly Step[]): Record<'+' | '~' | '-', number> {
  const t = { '+': 0, '~': 0, '-': 0 };
  for (const s of steps) t[s.action]++;
  return t;
}

export function renderPlan(plan: Plan, options: { color: boolean }): string {
  const out: string[] = [];
  for (const h of plan.hosts) {
    const how = h.unchanged ? `not read: unchanged since its last apply, as the OVN central's record says${h.steps.length ? '; its northbound database read live' : ''} (--read-all reads it)` : h.read ? 'read live' : 'not read: planned as an empty host';
    out.push(`${paint(options.color, 1, h.host)} ${paint(options.color, 2, `(${how})`)}`);
    if (h.steps.length === 0) out.push('  no changes');
    for (const s of h.steps) out.push(renderStep(s, options.color));
    for (const n of h.notes ?? []) out.push(`  ${paint(options.color, 2, `note: ${n}`)}`);
    out.push('');
  }
  const t = tally(planSteps(plan));
  const total = t['+'] + t['~'] + t['-'];
  out.push(total === 0 ? nothingToDo(plan.mode) : `Plan: ${t['+']} to add, ${t['~']} to change, ${t['-']} to remove.`);
  return out.join('\n') + '\n';
}

/** The `--json` shape of the issue: one entry per step, commands as shell-quoted lines and as argv. */
export function planJson(plan: Plan): object {
  const steps = planSteps(plan);
  const notes = plan.hosts.flatMap((h) => (h.notes ?? []).map((note) => ({ host: h.host, note })));
  const unchanged = plan.hosts.filter((h) => h.unchanged).map((h) => h.host);
  return {
    changes: steps.length,
    ...(notes.length > 0 ? { notes } : {}),
    ...(unchanged.length > 0 ? { unchanged } : {}),
    steps: steps.map((s) => ({
      host: s.host,
      backend: s.backend,
      action: s.action,
      object: s.object,
      command: s.commands.map(showCommand).join('\n'),
      undo: s.undo.map(showCommand).join('\n'),
      ...(s.verify ? { verify: showCommand(s.verify) } : {}),
      ...(s.changes ? { changes: s.changes } : {}),
      argv: s.commands.map((c) => c.argv),
      ...(s.span ? { file: s.span.file, line: s.span.line } : {}),
    })),
  };
}
