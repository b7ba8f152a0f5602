/**
 * Read files, run the front end, and report its diagnostics the way `check` does.
 * `plan`, `explain` and `run` start here and stop when the model has errors.
 */
import { frontEnd, frontEndOverlapped, type FrontEndResult } from '../lang/pipeline.js';
import type { EarlyConnections } from '../commands/early-connect.js';
import { diagnosticsJson, renderDiagnostics, wantColor } from '../lang/render.js';
import type { Diagnostic } from '../lang/diagnostics.js';
import type { Source } from '../lang/parse.js';
import { projectOf } from '../backends/ownership.js';
import { closest } from '../lang/suggest.js';
import { readSources, UsageError } from './read-sources.js';

export interface Loaded {
  sources: Source[];
  front: FrontEndResult;
  /** Whose objects a plan of this model writes and removes (ownership.ts). */
  project: string;
}

/** `hosts`: the names given to `--hosts`, each of which the model must declare (a typo there would silently do nothing). */
/** `connect`: start connecting to the hosts while the model is checked (plan, apply). */
export async function loadModel(files: string[], options: { hosts?: readonly string[]; project?: string; connect?: EarlyConnections } = {}): Promise<Loaded> {
  const sources = await readSources(files);
  const front = options.connect ? await frontEndOverlapped(sources, { parsed: options.connect.start }) : frontEnd(sources);
  const declared = [...front.model.hosts.keys()];
  for (const name of options.hosts ?? []) {
    if (!front.ok || front.model.hosts.has(name)) continue;
    const guess = closest(name, declared);
    throw new UsageError(`--hosts: the model declares no host '${name}'${guess ? ` (did you mean '${guess}'?)` : ''}; its hosts: ${declared.join(', ') || 'none'}`);
  }
  return { sources, front, project: options.project ?? projectOf(files, front.statements) };
}

/** Print diagnostics (to stderr when any is an error), with or without the summary line. */
export function printDiagnostics(loaded: Loaded, diagnostics: readonly Diagnostic[], options: { json?: boolean; summary?: boolean }): void {
  if (options.json) {
    const count = (s: string) => diagnostics.filter((d) => d.severity === s).length;
    const summary = { statements: loaded.front.written, errors: count('error'), warnings: count('warning'), infos: count('info') };
    process.stdout.write(JSON.stringify({ ...diagnosticsJson(diagnostics), summary }) + '\n');
    return;
  }
  const failed = diagnostics.some((d) => d.severity === 'error');
  const out = failed ? process.stderr : process.stdout;
  const texts = new Map(loaded.sources.map((s) => [s.file, s.text]));
  out.write(renderDiagnostics(diagnostics, texts, loaded.front.written, { color: wantColor(out), summary: options.summary }));
}
