/**
 * `vsh ping|pingall|exec FILE…`: probe the network a script describes, from the command
 * line, with the REPL's own words (src/commands/probe.ts). The files give the hosts and
 * the endpoints' addresses; nothing is planned or changed.
 */
import { Executors } from '../commands/executors.js';
import { execIn, pingAll, pingOne, type ExecutorOf } from '../commands/probe.js';
import { loadModel, printDiagnostics, type Loaded } from './load-model.js';

/** Load the files (exit 1 on errors), then run `task` with one executor per host, closed afterwards. */
async function withHosts(files: string[], task: (loaded: Loaded, executorOf: ExecutorOf) => Promise<number>): Promise<number> {
  const loaded = await loadModel(files);
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, {});
    return 1;
  }
  const hosts = loaded.front.model.hosts;
  const executors = new Executors(hosts);
  try {
    return await task(loaded, (h) => {
      const host = hosts.get(h);
      if (!host) throw new Error(`no host '${h}' is declared`);
      return executors.for(h, host);
    });
  } finally {
    await executors.closeAll();
  }
}

/** `vsh ping FILE… --from EP --to IP|EP`: exit 0 reached, 1 not. */
export function pingCommand(files: string[], opts: { from: string; to: string }): Promise<number> {
  return withHosts(files, async (loaded, executorOf) => {
    const r = await pingOne(loaded.front.model, executorOf, opts.from, opts.to);
    (r.ok ? process.stdout : process.stderr).write(r.text);
    return r.ok ? 0 : 1;
  });
}

/** `vsh pingall FILE…`: exit 0 when every pair answered. */
export function pingallCommand(files: string[]): Promise<number> {
  return withHosts(files, async (loaded, executorOf) => {
    const r = await pingAll(loaded.front.model, executorOf);
    (r.sent ? process.stdout : process.stderr).write(r.text);
    return r.ok ? 0 : 1;
  });
}

/** `vsh exec FILE… ENDPOINT -- CMD…`: the command's output and exit status (2 when it could not run there). */
export function execCommand(files: string[], where: string, argv: string[]): Promise<number> {
  return withHosts(files, async (loaded, executorOf) => {
    const r = await execIn(loaded.front.model, executorOf, where, argv);
    if (typeof r === 'string') {
      process.stderr.write(`vsh ${r}\n`);
      return 2;
    }
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    return r.code;
  });
}
