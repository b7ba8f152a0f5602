/** `vsh check FILE… [--json]`: exit 0 when there are no errors, 1 when there are. */
import { loadModel, printDiagnostics } from './load-model.js';

export interface CheckOptions {
  json?: boolean;
}

export async function checkCommand(files: string[], options: CheckOptions): Promise<number> {
  const loaded = await loadModel(files);
  printDiagnostics(loaded, loaded.front.diagnostics, { json: options.json });
  return loaded.front.ok ? 0 : 1;
}
