/**
 * Golden plans: the libvirt steps of each libvirt example, planned offline (an empty
 * host), with commands, undo, verify and explanation. Reviewed by a person once; a diff
 * here is a change in what vsh would type on a real host.
 */
import { describe, it } from 'vitest';
import { libvirtBackend } from '../../../src/backends/libvirt/index.js';
import { expectGolden } from '../../helpers.js';
import { example, stepsOf, stepsText, viewOf } from './support.js';

const EXAMPLES = [
  ['libvirt-nat', 'kvm1'],
  ['libvirt-isolated', 'kvm5'],
  ['libvirt-routed', 'kvm4'],
  ['libvirt-ovs-portgroups', 'kvm6'],
] as const;

describe('golden libvirt plans of the examples (offline)', () => {
  it.each(EXAMPLES)('%s', (name, host) => {
    const steps = stepsOf([libvirtBackend], viewOf(example(`${name}.vnet`), host));
    const text = `# examples/${name}.vnet, host ${host}: libvirt steps, planned offline (empty host)\n\n${stepsText(steps)}`;
    expectGolden(new URL(`../golden/${name}.txt`, import.meta.url), text);
  });
});
