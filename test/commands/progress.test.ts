/**
 * Apply progress (src/commands/progress.ts) fed by a real `applySteps` run: on a terminal a
 * bar per host that grows with every batch, redrawn in place; elsewhere one plain line per
 * state change. The terminal's screen is rebuilt from the escapes written (cursor up, erase
 * line), so what is asserted is what a person would see, frame by frame.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/backends/backend.js';
import { progressBar, progressReporter } from '../../src/commands/progress.js';
import { applySteps } from '../../src/exec/apply.js';
import { RecordingExecutor } from '../../src/exec/recording.js';

/** A stream that keeps the screen a terminal would show after each write (only the escapes the reporter uses). */
function terminal() {
  const lines: string[] = [];
  let row = 0;
  const frames: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      let text = chunk.toString();
      while (text.length) {
        const up = /^\x1b\[(\d+)A/.exec(text);
        const erase = /^\x1b\[2K/.exec(text);
        if (up) {
          row = Math.max(0, row - Number(up[1]));
          text = text.slice(up[0].length);
        } else if (erase) {
          lines[row] = '';
          text = text.slice(erase[0].length);
        } else if (text[0] === '\n') {
          row++;
          frames.push([...lines]);
          text = text.slice(1);
        } else {
          const plain = /^[^\x1b\n]+/.exec(text)![0];
          lines[row] = (lines[row] ?? '') + plain;
          text = text.slice(plain.length);
        }
      }
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, screen: () => lines.slice(0, row), frames };
}

/** A plain stream: what was written. */
function plain() {
  let out = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => out };
}

/** `n` steps on `host`, each its own batch (`alone`), so progress can be seen step by step. */
const steps = (host: string, n: number): Step[] =>
  Array.from({ length: n }, (_, i) => ({ host, backend: 'linux', action: '+', object: `thing ${i}`, phase: 10, commands: [{ argv: ['make', String(i)], batch: 'alone' }], undo: [{ argv: ['unmake', String(i)], batch: 'alone' }], explain: '' }));

const apply = (byHost: Map<string, Step[]>, onProgress: ReturnType<typeof progressReporter>, fail?: string) =>
  applySteps(byHost, {
    executorFor: (h) => new RecordingExecutor(h, fail ? [{ match: fail, result: { code: 1, stderr: 'no' } }] : []),
    lock: false,
    journal: false,
    onProgress,
  });

describe('apply progress', () => {
  it('draws a bar of done/total', () => {
    expect(progressBar(0, 8, 8)).toBe('[........]');
    expect(progressBar(3, 8, 8)).toBe('[###.....]');
    expect(progressBar(8, 8, 8)).toBe('[########]');
    expect(progressBar(0, 0, 4)).toBe('[....]');
  });

  it('on a terminal: one line per host, redrawn in place, the bar growing with each batch to done', async () => {
    const t = terminal();
    const outcome = await apply(new Map([['hostA', steps('hostA', 4)], ['hostB-long', steps('hostB-long', 2)]]), progressReporter(t.stream, true));
    expect(outcome.ok).toBe(true);
    // Two lines at the end, whatever was drawn in between: each host once, aligned, full bar.
    expect(t.screen()).toEqual([`hostA       [${'#'.repeat(24)}] 4/4 done`, `hostB-long  [${'#'.repeat(24)}] 2/2 done`]);
    // hostA's bar went through every step, not from nothing to done.
    const seen = new Set(t.frames.map((f) => f.find((l) => l?.startsWith('hostA '))).filter(Boolean).map((l) => /(\d)\/4 (\w+)/.exec(l!)![1]));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4']);
    expect(t.frames.some((f) => f.some((l) => l === `hostA       [${'#'.repeat(12)}${'.'.repeat(12)}] 2/4 applying`))).toBe(true);
  });

  it('on a terminal, a failure shows where the host stopped, then its rollback', async () => {
    const t = terminal();
    const outcome = await apply(new Map([['hostA', steps('hostA', 4)]]), progressReporter(t.stream, true), 'make 2');
    expect(outcome.ok).toBe(false);
    expect(t.frames.some((f) => f[0] === `hostA  [${'#'.repeat(12)}${'.'.repeat(12)}] 2/4 failed`)).toBe(true);
    expect(t.screen()).toEqual([`hostA  [${'.'.repeat(24)}] 0/4 rolled back`]);
  });

  it('not on a terminal: plain lines, one per state change, no escapes and no bar', async () => {
    const p = plain();
    await apply(new Map([['hostA', steps('hostA', 4)]]), progressReporter(p.stream, false));
    expect(p.text()).toBe('hostA: applying 0/4\nhostA: done 4/4\n');
    expect(p.text()).not.toMatch(/\x1b|\[#/);
  });
});
