/**
 * Every lab in examples/labs/ checks clean after a lab inventory shaped like the one
 * `vsh lab up` writes (generated here, so no root and no lab are needed), has a guide and
 * a row in the index, declares no hosts and leaves `br-phy` alone, and plans and explains.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makePlan, planSteps } from '../../src/backends/plan.js';
import { explainStatement, stepOf, wrap } from '../../src/explain/statement.js';
import { concept } from '../../src/explain/concepts.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { labFiles, labIndex, labInventory, labSource } from './labs.js';

const index = labIndex();

describe('examples/labs', () => {
  it('the index lists every lab once, and every listed lab has its .vnet and its guide', () => {
    expect(index.map((l) => `${l.name}.vnet`).sort()).toEqual(labFiles());
    expect(new Set(index.map((l) => l.name)).size).toBe(index.length);
    for (const lab of index) {
      expect(existsSync(lab.guide), lab.guide).toBe(true);
      expect(lab.hosts.every((h) => /^host[A-Z]$/.test(h)), `${lab.name}: hosts ${lab.hosts}`).toBe(true);
    }
  });

  it('covers the tutorial topics of the issue', () => {
    const topics = index.map((l) => l.topic.toLowerCase()).join('\n');
    for (const t of ['linux bridge', 'tap', 'uplink', 'access', 'trunk', 'gre', 'geneve', 'vxlan', 'nat', 'routed', 'isolated', 'portgroups', 'macvtap', 'sr-iov', 'bond']) {
      expect(topics, t).toContain(t);
    }
  });

  for (const lab of index) {
    describe(lab.name, () => {
      const inventory = labInventory(lab.hosts.length, lab.libvirt, undefined, lab.ovn);
      const front = frontEnd([inventory, labSource(lab)]);
      const own = front.statements.filter((s) => s.span.file === lab.file);

      it(`checks clean after a ${lab.hosts.length}-host lab inventory${lab.libvirt ? ' (--libvirt)' : ''}: no errors, no warnings`, () => {
        const problems = front.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.span.file}:${d.span.line} ${d.code} ${d.message}`);
        expect(problems).toEqual([]);
        expect(front.ok).toBe(true);
      });

      it('declares no hosts and does not redeclare the lab\'s br-phy (but to add ports to it, with no option that would change it)', () => {
        expect(own.filter((s) => s.kind === 'host')).toEqual([]);
        expect([...front.model.bridges.values()].filter((b) => b.name === 'br-phy' && Object.keys(b.stmt.optionSpans).some((o) => o !== 'on'))).toEqual([]);
        expect(own.length).toBeGreaterThan(0);
      });

      it('checks itself with expect lines, or its guide says why it cannot', () => {
        const guide = readFileSync(lab.guide, 'utf8');
        const expects = own.filter((s) => s.kind === 'expect');
        if (expects.length === 0) expect(guide).toMatch(/no expect lines|cannot run here|plan and explain only/i);
        expect(guide).toContain(lab.file.replace(/^.*examples/, 'examples'));
      });

      it('plans offline and explains every statement, with something to look at per host', async () => {
        const steps = planSteps(await makePlan(front, { mode: 'apply', offline: true }));
        const texts = new Map([inventory, labSource(lab)].map((s) => [s.file, s.text]));
        const ownSteps = steps.filter((st) => own.some((s) => stepOf(s)(st)));
        expect(ownSteps.length).toBeGreaterThan(0);
        const looked = new Set<string>();
        for (const s of own) {
          const text = explainStatement(s, steps, texts, false, { look: true });
          const where = `${lab.name}:${s.span.line}`;
          expect(text.startsWith(`${s.span.file}:${s.span.line}  `), where).toBe(true);
          expect(text, where).toContain(wrap(concept(s), 88, '  '));
          expect(text, where).not.toContain('undefined');
          // Per host this statement changes: its steps, then what to look at there.
          for (const section of text.split(/^ {2}on /m).slice(1)) {
            const host = section.slice(0, section.indexOf(':'));
            expect(section, `${where} on ${host}`).toMatch(/^ {4}look: {3}\S/m);
            looked.add(host);
          }
        }
        expect([...looked].sort()).toEqual([...new Set(ownSteps.map((st) => st.host))].sort());
      });
    });
  }
});
