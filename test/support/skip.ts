/**
 * Why a suite of real-program tests is skipped, said once on stderr: the default reporter
 * shows a skipped suite as a count, and a skip nobody reads looks like a pass.
 */
const said = new Set<string>();

/** True (skip) when there is a reason; the reason is printed once per test file. */
export function skipping(suite: string, why: string | false | undefined | null): boolean {
  if (!why) return false;
  if (!said.has(why)) {
    said.add(why);
    process.stderr.write(`skipped: ${suite}: ${why}\n`);
  }
  return true;
}

/** The first reason that applies, or undefined: `whyNot([!root, 'needs root'], [!tmux, 'no tmux'])`. */
export const whyNot = (...cases: Array<[boolean, string]>): string | undefined => cases.find(([applies]) => applies)?.[1];
