/**
 * `vsh unlock FILE… [--hosts a,b] [--force]`: clear the apply lock of hosts whose holder is
 * gone (a vsh killed, or a host lost mid-apply). A lock held by a vsh still running on this
 * machine is never cleared; one taken from another machine (whose process vsh cannot see)
 * only with --force. What the gone vsh had begun (its journal) is rolled back first.
 */
import { describeHolder, holderGone, lockDir, parseHolder, readCommand, releaseCommand } from '../exec/host-lock.js';
import { Executors } from '../commands/executors.js';
import { finishUnfinished } from './finish-unfinished.js';
import { loadModel, printDiagnostics } from './load-model.js';
import { hostname } from 'node:os';

export interface UnlockOptions {
  hosts?: string[];
  force?: boolean;
}

export async function unlockCommand(files: string[], options: UnlockOptions): Promise<number> {
  const loaded = await loadModel(files, { hosts: options.hosts });
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, {});
    return 1;
  }
  const hosts = loaded.front.model.hosts;
  const executors = new Executors(hosts);
  let code = 0;
  try {
    for (const name of [...hosts.keys()].filter((h) => !options.hosts || options.hosts.includes(h)).sort()) {
      const exec = executors.for(name, hosts.get(name)!);
      try {
        const r = await exec.run(readCommand(name));
        if (r.code === 3) {
          process.stdout.write(`${name}: not locked\n`);
          continue;
        }
        const holder = parseHolder(r.stdout);
        const gone = holderGone(holder);
        const elsewhere = holder !== undefined && holder.controller !== hostname();
        if (!gone && !(options.force && (elsewhere || !holder))) {
          process.stderr.write(
            `${name}: locked by ${describeHolder(holder)}; ${elsewhere || !holder ? 'vsh cannot tell from here whether it still runs: if you know it does not, add --force' : 'that vsh is still running: let it finish (or stop it: it rolls back)'}\n`,
          );
          code = 1;
          continue;
        }
        // What the gone vsh had begun is undone first: clearing the lock must not forget it.
        const journal = await exec.run({ argv: ['sh', '-c', 'cat "$1/journal" 2>/dev/null; exit 0', 'sh', lockDir(name)] });
        if (journal.stdout.trim()) await finishUnfinished(name, exec, holder, journal.stdout);
        const rm = await exec.run(releaseCommand(name));
        if (rm.code !== 0) throw new Error(`rm -rf ${lockDir(name)} exited ${rm.code}: ${rm.stderr.trim()}`);
        process.stdout.write(`${name}: unlocked (it was held by ${describeHolder(holder)})\n`);
      } catch (err) {
        process.stderr.write(`${name}: ${(err as Error).message}\n`);
        code = 1;
      }
    }
  } finally {
    await executors.closeAll();
  }
  return code;
}
