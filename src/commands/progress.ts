/** Apply progress, for the CLI and the REPL alike: one live line per host on a terminal, plain lines otherwise. */
import type { Progress } from '../exec/apply.js';

export function progressReporter(stream: NodeJS.WriteStream, tty: boolean): (p: Progress) => void {
  const lines = new Map<string, string>();
  const last = new Map<string, string>();
  return (p) => {
    const text = `${p.host}: ${p.state}${p.state === 'applying' || p.state === 'done' || p.state === 'failed' ? ` ${p.done}/${p.total}` : ''}`;
    if (!tty) {
      // Plain output: one line per state change, not per step.
      if (last.get(p.host) !== p.state) stream.write(text + '\n');
      last.set(p.host, p.state);
      return;
    }
    // Move up over the lines already drawn, then redraw them all (a new host adds a line).
    const drawn = lines.size;
    lines.set(p.host, text);
    if (drawn > 0) stream.write(`\x1b[${drawn}A`);
    for (const line of lines.values()) stream.write(`\x1b[2K${line}\n`);
  };
}
