/**
 * Golden plans: the Linux steps of every example that has Linux objects, planned offline
 * (empty hosts), with each step's undo and verify. Reviewed by a person once; a change in
 * lowering shows up as a diff of these files (UPDATE_GOLDEN=1 rewrites them).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { showCommand } from '../../../src/exec/command.js';
import { expectGolden } from '../../helpers.js';
import { model, ordered, planWith, render, viewOf } from './helpers.js';

const dir = new URL('../../../examples/', import.meta.url);
const examples = readdirSync(dir).filter((f) => f.endsWith('.vnet')).sort();

/** Every host's Linux steps, in apply order, each followed by its undo and verify. */
function goldenOf(file: string): string | undefined {
  const front = model(readFileSync(new URL(file, dir), 'utf8'), `examples/${file}`);
  const out: string[] = [];
  for (const host of front.model.hosts.keys()) {
    const steps = ordered(planWith(viewOf(front, host), undefined).steps);
    if (steps.length === 0) continue;
    out.push(host);
    for (const s of steps) {
      out.push(render([s]).trimEnd());
      out.push(`      undo:   ${s.undo.map(showCommand).join('; ')}`);
      if (s.verify) out.push(`      verify: ${showCommand(s.verify)}`);
    }
    out.push('');
  }
  return out.length ? `# examples/${file}: Linux steps, planned offline (empty hosts)\n\n${out.join('\n')}` : undefined;
}

describe('golden Linux plans of the examples', () => {
  const withLinux = examples.filter((f) => goldenOf(f) !== undefined);

  it('covers every example with Linux objects (and only those)', () => {
    expect(withLinux).toEqual([
      'bond.vnet',
      'geneve-overlay.vnet',
      'gre-vlan-namespaces.vnet',
      'linux-bridge-tap-veth.vnet',
      'macvtap-modes.vnet',
      'ovs-access-trunk.vnet',
      'ovs-uplink.vnet',
      'vxlan-overlay.vnet',
    ]);
  });

  for (const file of withLinux) {
    it(file, () => {
      expectGolden(new URL(`../golden/linux-${file.replace(/\.vnet$/, '')}.txt`, import.meta.url), goldenOf(file)!);
    });
  }
});
