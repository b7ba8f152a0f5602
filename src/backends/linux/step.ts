/** A Linux driver step: the fields every Linux change fills, and the ones left out when undefined. */
import type { Action, Step } from '../backend.js';
import type { Command } from '../../exec/command.js';
import type { Span } from '../../lang/diagnostics.js';

export interface StepFields {
  action: Action;
  object: string;
  phase: number;
  commands: Command[];
  undo: Command[];
  explain: string;
  verify?: Command;
  changes?: string[];
  span?: Span;
  look?: Command;
}

/** A Linux step on `host` (fields left undefined are not written). */
export function linuxStep(host: string, f: StepFields): Step {
  const step: Step = { host, backend: 'linux', action: f.action, object: f.object, phase: f.phase, commands: f.commands, undo: f.undo, explain: f.explain };
  if (f.verify) step.verify = f.verify;
  if (f.changes?.length) step.changes = f.changes;
  if (f.span) step.span = f.span;
  if (f.look) step.look = f.look;
  return step;
}
