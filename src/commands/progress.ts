/**
 * Apply progress, for the CLI and the REPL alike. On a terminal, one live line per host
 * with a bar that grows with every batch the host finishes (a host's steps go in a few
 * batches, so a bare "done" per state was three jumps); otherwise plain lines, one per
 * state change, that read well in a log.
 */
import type { Progress } from '../exec/apply.js';

const BAR_WIDTH = 24;

/** `[#########...............]`: `done` of `total` as a bar of `width` cells. */
export function progressBar(done: number, total: number, width = BAR_WIDTH): string {
  const filled = total > 0 ? Math.min(width, Math.round((done / total) * width)) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
}

/** States that carry a count of steps done. */
const counted = (p: Progress): boolean => p.state === 'applying' || p.state === 'done' || p.state === 'failed';

/** One host's line on a terminal: name (padded to the longest), bar, count, state. */
function barLine(p: Progress, nameWidth: number): string {
  const done = p.state === 'done' ? p.total : counted(p) ? p.done : 0;
  return `${p.host.padEnd(nameWidth)}  ${progressBar(done, p.total)} ${`${done}/${p.total}`.padStart(2 * String(p.total).length + 1)} ${p.state}`;
}

export function progressReporter(stream: NodeJS.WriteStream, tty: boolean): (p: Progress) => void {
  const latest = new Map<string, Progress>();
  const lastState = new Map<string, string>();
  return (p) => {
    if (!tty) {
      // Plain output: one line per state change, not per batch.
      if (lastState.get(p.host) !== p.state) {
        stream.write(`${p.host}: ${p.state}${counted(p) ? ` ${p.done}/${p.total}` : ''}\n`);
      }
      lastState.set(p.host, p.state);
      return;
    }
    // Move up over the lines already drawn, then redraw them all (a new host adds a line).
    const drawn = latest.size;
    latest.set(p.host, p);
    const nameWidth = Math.max(...[...latest.keys()].map((h) => h.length));
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    for (const line of latest.values()) stream.write(`\x1b[2K${barLine(line, nameWidth)}\n`);
  };
}
