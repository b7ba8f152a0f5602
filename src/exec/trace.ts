/**
 * `VSH_TRACE=1` phase marks: one stderr line `vsh-trace phase NAME AT_MS` when a phase of a
 * command ends, AT_MS since the process started (performance.now()). With the per-exec lines
 * of ssh.ts they break a whole `vsh apply` down into Node start-up and module loading, front
 * end, SSH connect, read, plan, lock, transaction, wait; the OVN bench reports that breakdown.
 */
export const TRACE = !!process.env.VSH_TRACE && process.env.VSH_TRACE !== '0';

export function tracePhase(name: string): void {
  if (TRACE) process.stderr.write(`vsh-trace phase ${name} ${performance.now().toFixed(1)}\n`);
}
