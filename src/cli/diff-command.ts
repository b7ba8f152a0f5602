/**
 * `vsh diff FILE…`: which objects and fields differ between the model and the live
 * hosts (after an out-of-band change, say). Exit 0 when they match, 1 when they differ.
 */
import { makePlan, planSteps } from '../backends/plan.js';
import { hasErrors } from '../lang/diagnostics.js';
import { diffReport } from '../commands/diff-report.js';
import { Executors } from '../commands/executors.js';
import { loadModel, printDiagnostics } from './load-model.js';

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
  } else {
    process.stdout.write(diffReport(steps));
  }
  // Not differences: what the hosts have that the model leaves to them (a leased address).
  if (!options.json) for (const n of notes) process.stdout.write(`  note ${n.host}: ${n.note}\n`);
  return steps.length === 0 ? 0 : 1;
}
