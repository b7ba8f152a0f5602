/** The model on one host → what the Linux driver wants there, in apply order within each phase. */
import type { HostView } from '../backend.js';
import { bonds } from './bond.js';
import { bridges } from './bridge.js';
import type { Feature } from './features.js';
import { HostModel } from './host-model.js';
import { links } from './link.js';
import { macvtaps } from './macvtap.js';
import { namespaces } from './namespace.js';
import { ports } from './port.js';
import type { Desired } from './spec.js';
import { tunnels } from './tunnel.js';
import { vlans } from './vlan.js';

/** `features` undefined (offline): everything the host might have is assumed. */
export function desiredFor(view: HostView, features: ReadonlySet<Feature> | undefined): { desired: Desired; hm: HostModel } {
  const hm = new HostModel(view, features);
  const desired: Desired = { namespaces: [], devices: [], wiring: [], peerNamespaces: new Map(), needs: [], problems: [], ...(view.project === undefined ? {} : { project: view.project }) };
  // Bonds before VLANs (a VLAN may sit on a bond), bridges before their ports, tunnels and links.
  for (const lower of [namespaces, bonds, vlans, bridges, ports, tunnels, macvtaps, links]) lower(hm, desired);
  return { desired, hm };
}
