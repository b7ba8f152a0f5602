/** `vsh graph FILE… [--format dot|mermaid|svg] [--output FILE]`: the topology as a picture. */
import { writeFile } from 'node:fs/promises';
import { toDot } from '../graph/dot.js';
import { toMermaid } from '../graph/mermaid.js';
import { dotToSvg } from '../graph/svg.js';
import { topologyOf } from '../graph/topology.js';
import { loadModel, printDiagnostics } from './load-model.js';
import { UsageError } from './read-sources.js';

export async function graphCommand(files: string[], options: { format?: string; output?: string }): Promise<number> {
  const format = options.format ?? 'dot';
  if (!['dot', 'mermaid', 'svg'].includes(format)) throw new UsageError(`unknown format '${format}': expected dot, mermaid or svg`);
  const loaded = await loadModel(files);
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, {});
    return 1;
  }
  const topology = topologyOf(loaded.front.model);
  const text = format === 'mermaid' ? toMermaid(topology) : format === 'svg' ? await dotToSvg(toDot(topology)) : toDot(topology);
  if (options.output) await writeFile(options.output, text);
  else process.stdout.write(text);
  return 0;
}
