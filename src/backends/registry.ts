/**
 * Every backend driver, registered explicitly (containerlab's lesson: one list, no
 * discovery magic). Order does not decide apply order — step phases do.
 */
import type { Backend } from './backend.js';
import { libvirtBackend } from './libvirt/index.js';
import { sriovBackend } from './sriov/index.js';
import { linuxBackend } from './linux/index.js';
import { ovsBackend } from './ovs/index.js';
import { l3Backend } from './l3/index.js';
import { containerBackend } from './container/index.js';
import { dhcpBackend } from './dhcp/index.js';
import { ovnBackend } from './ovn/index.js';
// @backends-imports (keep this marker: driver imports go above it)

export const backends: readonly Backend<any>[] = [
  sriovBackend,
  libvirtBackend,
  linuxBackend,
  ovsBackend,
  l3Backend,
  containerBackend,
  dhcpBackend,
  ovnBackend,
  // @backends-list (keep this marker: drivers are listed above it)
];
