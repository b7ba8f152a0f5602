/**
 * `vsh diff FILE…`: which objects and fields differ between the model and the live
 * hosts (after an out-of-band change, say). Exit 0 when they match, 1 when they differ.
 */
import { makePlan, planSteps } from '../backends/plan.js';
import { hasErrors } from '../lang/diagnostics.js';
import { Executors } from './executors.js';
import { loadModel, printDiagnostics } from './load-model.js';

const WHAT = { '+': 'missing on the host', '~': 'differs', '-': 'on the host, not in the model' } as const;

export async function diffCommand(files: string[], options: { json?: boolean; hosts?: string[]; project?: string }): Promise<number> {
  const loaded = await loadModel(files, { hosts: options.hosts, project: options.project });
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, { json: options.json });
    return 2;
  }
  const executors = new Executors(loaded.front.model.hosts);
  const plan = await makePlan(loaded.front, { mode: 'apply', executorFor: executors.for, hosts: options.hosts, project: loaded.project }).finally(() => executors.closeAll());
  if (hasErrors(plan.diagnostics)) {
    printDiagnostics(loaded, plan.diagnostics, { json: options.json });
    return 2;
  }
  const steps = planSteps(plan);
  const notes = plan.hosts.flatMap((h) => (h.notes ?? []).map((note) => ({ host: h.host, note })));
  if (options.json) {
    process.stdout.write(JSON.stringify({ differences: steps.map((s) => ({ host: s.host, backend: s.backend, action: s.action, object: s.object, changes: s.changes ?? [] })), ...(notes.length > 0 ? { notes } : {}) }) + '\n');
  } else if (steps.length === 0) {
    process.stdout.write('No differences: the hosts match the model.\n');
  } else {
    for (const s of steps) {
      process.stdout.write(`${s.action} ${s.host}: ${s.object} — ${WHAT[s.action]}\n`);
      for (const c of s.changes ?? []) process.stdout.write(`    ${c}\n`);
    }
  }
  // Not differences: what the hosts have that the model leaves to them (a leased address).
  if (!options.json) for (const n of notes) process.stdout.write(`  note ${n.host}: ${n.note}\n`);
  return steps.length === 0 ? 0 : 1;
}
