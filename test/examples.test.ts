/**
 * Every example script checks clean: no errors and no warnings, on its own and all of
 * them together as one model (`vsh check examples/*.vnet`). Info notes are
 * allowed but listed here, so a new one is seen and judged.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Model } from '../src/lang/model.js';
import { frontEnd } from '../src/lang/pipeline.js';

const DIR = new URL('../examples/', import.meta.url);
// The teaching labs (examples/labs/) have no host lines: they run after a lab's inventory, and test/labs checks them that way.
const EXAMPLES = (readdirSync(DIR, { recursive: true }) as string[]).filter((f) => f.endsWith('.vnet') && !f.startsWith('labs/')).sort();
const source = (file: string) => ({ file: `examples/${file}`, text: readFileSync(new URL(file, DIR), 'utf8') });

/** The info notes each example is expected to have (code and line:column), and why. */
const NOTES: Record<string, string[]> = {
  // The trunk carries VLAN 20 to hostA, which has no VLAN-20 port: on purpose, the LAB.md scenario.
  'gre-vlan-namespaces.vnet': ['VN114 33:42'],
};

/** Every host an object of the model lives on (tunnels: both ends), whatever its kind. */
function hostsUsed(model: Model): Set<string> {
  const objects = Object.values(model).flatMap((v: unknown) => (v instanceof Map ? [...v.values()] : Array.isArray(v) ? v : []));
  return new Set(objects.flatMap((o: { host?: unknown; ends?: { host: string }[] }) => [...(typeof o.host === 'string' ? [o.host] : []), ...(o.ends ?? []).map((e) => e.host)]));
}

/** One scenario each (the names the examples are known by). */
const SCENARIOS = [
  'bond.vnet',
  'geneve-overlay.vnet',
  'gre-vlan-namespaces.vnet',
  'libvirt-isolated.vnet',
  'libvirt-nat.vnet',
  'libvirt-ovs-portgroups.vnet',
  'libvirt-routed.vnet',
  'linux-bridge-tap-veth.vnet',
  'macvtap-modes.vnet',
  'ovs-access-trunk.vnet',
  'ovs-uplink.vnet',
  'sriov-vfs.vnet',
  'vxlan-overlay.vnet',
];

describe('examples/', () => {
  it('has a script for every scenario', () => {
    expect(EXAMPLES).toEqual(expect.arrayContaining(SCENARIOS));
  });

  for (const file of EXAMPLES) {
    it(`${file} checks with no errors and no warnings`, () => {
      const r = frontEnd([source(file)]);
      const problems = r.diagnostics.filter((d) => d.severity !== 'info');
      expect(problems.map((d) => `${d.code} ${d.span.line}:${d.span.column} ${d.message}`)).toEqual([]);
      expect(r.incomplete).toBe(false);
      const notes = r.diagnostics.filter((d) => d.severity === 'info').map((d) => `${d.code} ${d.span.line}:${d.span.column}`);
      expect(notes).toEqual(NOTES[file] ?? []);
      // Non-trivial, and self-contained: every host its objects live on is declared in it.
      expect(r.statements.length).toBeGreaterThanOrEqual(5);
      const declared = r.statements.flatMap((s) => (s.kind === 'host' ? [s.name.value] : []));
      const used = hostsUsed(r.model);
      expect(used.size).toBeGreaterThan(0);
      expect([...used].filter((h) => !declared.includes(h))).toEqual([]);
    });
  }

  it('all check together as one model (no host or object clashes between examples)', () => {
    const r = frontEnd(EXAMPLES.map(source));
    expect(r.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.span.file} ${d.code} ${d.message}`)).toEqual([]);
  });
});
