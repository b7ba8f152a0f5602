/**
 * Golden plan of examples/sriov-vfs.vnet: the SR-IOV and libvirt steps, planned offline
 * (an empty host: no VFs yet, so VF addresses are read when the steps run). Reviewed by a
 * person once.
 */
import { beforeAll, it } from 'vitest';
import { libvirtBackend } from '../../../src/backends/libvirt/index.js';
import { sriovBackend } from '../../../src/backends/sriov/index.js';
import { expectGolden } from '../../helpers.js';
import { example, stepsOf, stepsText, viewOf } from '../libvirt/support.js';

beforeAll(() => {
  delete process.env.VSH_SYSFS_ROOT; // the real /sys paths, as on a host
});

it('golden sriov-vfs plan (offline, no SR-IOV hardware needed)', () => {
  const steps = stepsOf([sriovBackend, libvirtBackend], viewOf(example('sriov-vfs.vnet'), 'kvm2'));
  const text = `# examples/sriov-vfs.vnet, host kvm2: SR-IOV and libvirt steps, planned offline (empty host)\n\n${stepsText(steps)}`;
  expectGolden(new URL('../golden/sriov-vfs.txt', import.meta.url), text);
});
