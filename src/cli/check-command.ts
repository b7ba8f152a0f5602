/** `vsh check FILE… [--json]`: exit 0 when there are no errors, 1 when there are. */
import { frontEnd } from '../lang/pipeline.js';
import { diagnosticsJson, renderDiagnostics, wantColor } from '../lang/render.js';
import { readSources } from './read-sources.js';

export interface CheckOptions {
  json?: boolean;
}

export async function checkCommand(files: string[], options: CheckOptions): Promise<number> {
  const sources = await readSources(files);
  const result = frontEnd(sources);
  if (options.json) {
    const count = (s: string) => result.diagnostics.filter((d) => d.severity === s).length;
    const summary = { statements: result.statements.length, errors: count('error'), warnings: count('warning'), infos: count('info') };
    process.stdout.write(JSON.stringify({ ...diagnosticsJson(result.diagnostics), summary }) + '\n');
  } else {
    const texts = new Map(sources.map((s) => [s.file, s.text]));
    const out = result.ok ? process.stdout : process.stderr;
    out.write(renderDiagnostics(result.diagnostics, texts, result.statements.length, { color: wantColor(out) }));
  }
  return result.ok ? 0 : 1;
}
