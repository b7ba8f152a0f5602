/**
 * `vsh trace FILE… from NS[@HOST] to IPV4 [proto …] [port N] [--json]`: where a packet
 * goes and why, hop by hop across hosts (src/trace). Exit 0 traced (delivered or dropped
 * alike: the answer is the story), 1 the model has errors, 2 usage, or a host could not be traced.
 */
import { renderTrace, traceJson } from '../trace/render.js';
import { parseTraceArgs } from '../trace/trace-args.js';
import { trace, TraceError } from '../trace/trace.js';
import { Executors } from '../commands/executors.js';
import { loadModel, printDiagnostics } from './load-model.js';
import { UsageError } from './read-sources.js';

export async function traceCommand(words: string[], options: { json?: boolean; project?: string }): Promise<number> {
  const args = parseTraceArgs(words);
  if (typeof args === 'string') throw new UsageError(args);
  if (args.files.length === 0) throw new UsageError('name the .vnet files before "from" (the lab inventory and the script)');
  const loaded = await loadModel(args.files, { project: options.project });
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, { json: options.json });
    return 1;
  }
  const executors = new Executors(loaded.front.model.hosts);
  try {
    const t0 = performance.now();
    const result = await trace(
      { model: loaded.front.model, project: loaded.project, sources: new Map(loaded.sources.map((s) => [s.file, s.text])), executorFor: executors.for },
      args.request,
    );
    // How long the hosts took (connections included), for the bench and the curious.
    const ms = Math.round(performance.now() - t0);
    process.stdout.write(options.json ? traceJson({ ...result, ms }) + '\n' : renderTrace(result));
    return 0;
  } catch (err) {
    if (!(err instanceof TraceError)) throw err;
    process.stderr.write(`vsh trace: ${err.message}\n`);
    return 2;
  } finally {
    await executors.closeAll();
  }
}
