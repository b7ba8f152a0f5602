/**
 * What the container driver wants on a host: each container with the labels that say
 * whose it is (`vsh=PROJECT`) and what it was made from (`vsh.spec`, a hash of image and
 * argv: a changed image or command means re-creating it), and the veth ports plugged into
 * it (re-plugged when it is re-made).
 */
import { createHash } from 'node:crypto';
import type { HostView } from '../backend.js';
import type { Span } from '../../lang/diagnostics.js';
import { hostKey, type ContainerObj } from '../../lang/model.js';
import { ovsMark } from '../ownership.js';
import { RUNTIMES, type Runtime } from './runtime.js';

/** The label keys vsh writes on a container. */
export const LABEL = { project: 'vsh', spec: 'vsh.spec', image: 'vsh.image', command: 'vsh.command' } as const;

/** A veth port whose peer is in a container: unplugged and plugged again when the container is re-made. */
export interface Plug {
  port: string;
  /** OVS bridge it is a port of (undefined: a Linux bridge, where deleting the veth is enough). */
  ovsBridge?: string;
}

export interface ContainerWant {
  name: string;
  runtime: Runtime;
  image: string;
  argv: readonly string[];
  /** `vsh.spec`: what decides re-creating. */
  spec: string;
  labels: ReadonlyArray<readonly [string, string]>;
  plugs: Plug[];
  span: Span;
}

/** The hash of what a container is made from (12 hex digits: enough to tell two specs apart). */
export function specHash(image: string, argv: readonly string[]): string {
  return createHash('sha256').update(JSON.stringify([image, ...argv])).digest('hex').slice(0, 12);
}

/** The veth ports of this host whose peer is in the endpoint `name`. */
export function plugsOf(view: HostView, name: string): Plug[] {
  return view.model.ports
    .filter((p) => p.host === view.name && p.type === 'veth' && p.stmt.peer?.ns.value === name)
    .map((p) => {
      const ovs = view.model.bridges.get(hostKey(view.name, p.bridge))?.kind !== 'linux';
      return ovs ? { port: p.name, ovsBridge: p.bridge } : { port: p.name };
    });
}

function want(view: HostView, c: ContainerObj): ContainerWant {
  const spec = specHash(c.image, c.argv);
  return {
    name: c.name,
    runtime: RUNTIMES[c.runtime],
    image: c.image,
    argv: c.argv,
    spec,
    labels: [
      [LABEL.project, ovsMark(view.project)],
      [LABEL.spec, spec],
      [LABEL.image, c.image],
      [LABEL.command, JSON.stringify(c.argv)],
    ],
    plugs: plugsOf(view, c.name),
    span: c.stmt.span,
  };
}

/** The containers the model puts on this host. */
export function wantedContainers(view: HostView): ContainerWant[] {
  return [...view.model.containers.values()].filter((c) => c.host === view.name).map((c) => want(view, c));
}

/** The runtimes this host's containers use (each is probed once). */
export function runtimesOn(view: HostView): Runtime[] {
  return [...new Set(wantedContainers(view).map((c) => c.runtime.id))].map((id) => RUNTIMES[id]);
}
