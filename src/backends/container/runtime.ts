/**
 * The two container runtimes behind one small interface. Podman and Docker take the same
 * CLI shape for what vsh needs (run -d, start, rm -f, inspect, logs, ps --filter label=…),
 * so a runtime is its program, its Debian package and the few flags that differ.
 *
 * What the driver passes and what the host provides: the driver always passes
 * `--network none` (vsh owns the container's networking) and its labels; the OCI runtime
 * (runc), cgroup manager (cgroupfs) and default ulimits are host configuration —
 * `vsh lab up --containers` writes them into each lab host's containers.conf (LAB.md),
 * and a real host is configured by its admin — so plans stay the same on every host.
 */
import type { ContainerRuntime } from '../../lang/ast.js';

export interface Runtime {
  id: ContainerRuntime;
  /** The program on the host. */
  program: string;
  /** The Debian package that provides it (for VN201). */
  package: string;
  /** Remove at once: podman waits 10 s for a process that ignores SIGTERM (a shell, `sleep`) unless told `--time 0`; docker's `rm -f` kills. */
  rmArgs: readonly string[];
}

export const RUNTIMES: Readonly<Record<ContainerRuntime, Runtime>> = {
  podman: { id: 'podman', program: 'podman', package: 'podman', rmArgs: ['rm', '--force', '--time', '0'] },
  docker: { id: 'docker', program: 'docker', package: 'docker.io', rmArgs: ['rm', '--force'] },
};
