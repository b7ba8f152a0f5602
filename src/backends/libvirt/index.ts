/**
 * The libvirt driver: virtual networks (network XML + `virsh net-define`/`net-start`/
 * `net-autostart`, changed in place or redefined) and guest NICs on them
 * (`attach-interface`/`attach-device`). SR-IOV VFs handed to guests are the SR-IOV driver's.
 */
import type { Backend } from '../backend.js';
import { destroyAttachments, planAttachments } from './attach.js';
import { destroyNetworks, planNetworks } from './networks.js';
import { libvirtProbes, readLibvirt, type LibvirtState } from './read.js';

export const libvirtBackend: Backend<LibvirtState> = {
  id: 'libvirt',
  probes: libvirtProbes,
  read: readLibvirt,
  plan: (view, state) => [...planNetworks(view, state), ...planAttachments(view, state)],
  destroy: (view, state) => [...destroyAttachments(view, state), ...destroyNetworks(view, state)],
};
