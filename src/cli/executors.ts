/** How the CLI reaches each declared host. */
import type { HostStmt } from '../lang/ast.js';
import type { Executor } from '../exec/executor.js';
import { LocalExecutor } from '../exec/local.js';

/** `host X local` runs here; hosts reached over SSH get their executor from the SSH layer. */
export function executorFor(name: string, host: HostStmt): Executor | undefined {
  if (host.local) return new LocalExecutor(name);
  return undefined;
}
