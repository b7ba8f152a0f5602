/** What `diff` found, for people: one line per object that differs, its changed fields under it. */
import type { Step } from '../backends/backend.js';

const WHAT = { '+': 'missing on the host', '~': 'differs', '-': 'on the host, not in the model' } as const;

/** The differences as text (ends with a newline), or that there are none. */
export function diffReport(steps: readonly Step[]): string {
  if (steps.length === 0) return 'No differences: the hosts match the model.\n';
  return steps.map((s) => `${s.action} ${s.host}: ${s.object} — ${WHAT[s.action]}\n${(s.changes ?? []).map((c) => `    ${c}\n`).join('')}`).join('');
}
