/**
 * Golden plans: the OVS steps of every example with OVS objects, planned offline (empty
 * hosts), each host in turn, with commands, undo, verify and explanation. Reviewed by a
 * person once; a diff here is a change in what vsh would type on a real host.
 */
import { describe, it } from 'vitest';
import { ovsBackend } from '../../../src/backends/ovs/index.js';
import { expectGolden } from '../../helpers.js';
import { example, stepsOf, stepsText, viewOf } from '../libvirt/support.js';

const EXAMPLES = ['ovs-access-trunk', 'ovs-uplink', 'gre-vlan-namespaces', 'geneve-overlay', 'bond', 'libvirt-ovs-portgroups'];

describe('golden OVS plans of the examples (offline)', () => {
  it.each(EXAMPLES)('%s', (name) => {
    const front = example(`${name}.vnet`);
    const parts = [...front.model.hosts.keys()].map((host) => {
      const steps = stepsOf([ovsBackend], viewOf(front, host));
      return `## host ${host}\n\n${steps.length ? stepsText(steps) : '  (no OVS steps)\n'}`;
    });
    expectGolden(new URL(`../golden/ovs-${name}.txt`, import.meta.url), `# examples/${name}.vnet: OVS steps, planned offline (empty hosts)\n\n${parts.join('\n')}`);
  });
});
