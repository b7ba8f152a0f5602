/**
 * `vsh plan FILE… [--json] [--offline] [--destroy] [--hosts a,b]`: what apply (or
 * destroy) would run, host by host. Reads hosts, changes nothing.
 */
import { makePlan } from '../backends/plan.js';
import { planJson, renderPlan } from '../backends/render-plan.js';
import { hasErrors } from '../lang/diagnostics.js';
import { diagnosticsJson, wantColor } from '../lang/render.js';
import { Executors } from '../commands/executors.js';
import { loadModel, printDiagnostics, type Loaded } from './load-model.js';
import { EarlyConnections } from '../commands/early-connect.js';

export interface PlanCommandOptions {
  json?: boolean;
  offline?: boolean;
  destroy?: boolean;
  hosts?: string[];
  project?: string;
  /** Read every host, even those the OVN central's record says are unchanged (ovn/record.ts). */
  readAll?: boolean;
}

export async function planCommand(files: string[], options: PlanCommandOptions): Promise<number> {
  const early = options.offline ? undefined : new EarlyConnections(options.hosts);
  let loaded: Loaded;
  try {
    loaded = await loadModel(files, { hosts: options.hosts, project: options.project, connect: early });
  } catch (err) {
    await early?.close();
    throw err;
  }
  if (!loaded.front.ok) {
    await early?.close();
    printDiagnostics(loaded, loaded.front.diagnostics, { json: options.json });
    return 1;
  }
  const executors = new Executors(loaded.front.model.hosts, early);
  const plan = await makePlan(loaded.front, {
    mode: options.destroy ? 'destroy' : 'apply',
    offline: options.offline,
    executorFor: executors.for,
    hosts: options.hosts,
    project: loaded.project,
    skipUnchanged: !options.readAll,
  }).finally(() => executors.closeAll());
  const diagnostics = [...loaded.front.diagnostics, ...plan.diagnostics];
  if (options.json) {
    process.stdout.write(JSON.stringify({ ...planJson(plan), ...diagnosticsJson(diagnostics) }) + '\n');
  } else {
    if (diagnostics.length > 0) printDiagnostics(loaded, diagnostics, { summary: false });
    process.stdout.write(renderPlan(plan, { color: wantColor(process.stdout) }));
  }
  return hasErrors(diagnostics) ? 1 : 0;
}
