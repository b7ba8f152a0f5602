/** `vsh diff`'s words, now in the shared command layer: exactly what the CLI printed line by line before. */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/backends/backend.js';
import { diffReport } from '../../src/commands/diff-report.js';

const step = (action: Step['action'], object: string, changes?: string[]): Step => ({ host: 'hostA', backend: 'ovs', action, object, phase: 40, commands: [], undo: [], explain: '', ...(changes ? { changes } : {}) });

describe('diffReport', () => {
  it('says when there is nothing to report', () => {
    expect(diffReport([])).toBe('No differences: the hosts match the model.\n');
  });

  it('one line per object, its changed fields indented under it', () => {
    expect(diffReport([step('+', 'bridge br0'), step('~', 'port p1 on br0', ['tag: 10 -> 20', 'mtu: 1500 -> 9000']), step('-', 'port old on br0')])).toBe(
      '+ hostA: bridge br0 — missing on the host\n~ hostA: port p1 on br0 — differs\n    tag: 10 -> 20\n    mtu: 1500 -> 9000\n- hostA: port old on br0 — on the host, not in the model\n',
    );
  });
});
