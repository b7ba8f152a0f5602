/** What a failed apply says it rolled back: a few steps by name, many as counts per host and kind. */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/backends/backend.js';
import { describeRolledBack, NAMED_ROLLBACK_CHARS } from '../../src/commands/apply-report.js';

const step = (host: string, object: string): Step => ({ host, backend: 'linux', action: '+', object, phase: 30, commands: [], undo: [], explain: '' });

describe('describeRolledBack', () => {
  it('names a few steps, as before', () => {
    expect(describeRolledBack([step('hostA', 'bridge br0'), step('hostB', 'namespace red')])).toBe('rolled back 2 steps: bridge br0@hostA, namespace red@hostB');
  });

  it('counts many per host and kind, one short line per host', () => {
    expect(NAMED_ROLLBACK_CHARS).toBeLessThan(241 * 10);
    const steps = [step('hostA', 'bridge lb (linux)')];
    for (let i = 0; i < 80; i++) steps.push(step('hostA', `namespace n${i}`), step('hostA', `veth p${i} (peer n${i}:eth0)`), step('hostB', `port q${i} on br-int`));
    const text = describeRolledBack(steps);
    expect(text).toBe('rolled back 241 steps:\n  hostA: bridge ×1, namespace ×80, veth ×80\n  hostB: port ×80');
  });
});
