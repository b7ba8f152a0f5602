/**
 * Whether a declared host is a host of a local `vsh lab` (its key sits in a lab directory
 * whose record lists it), so that doctor can say how to get what the lab was made without
 * (`vsh lab up --libvirt`) instead of "install libvirt". Reads files only; never throws.
 */
import { dirname } from 'node:path';
import type { HostStmt } from '../lang/ast.js';
import { readState } from '../lab/state.js';

export interface LabHost {
  dir: string;
  hosts: number;
  libvirt: boolean;
}

export function labHostOf(host: HostStmt): LabHost | undefined {
  const key = host.key?.value;
  if (!key) return undefined;
  try {
    const state = readState(dirname(key));
    if (!state || state.status !== 'up' || !(host.name.value in state.daemons)) return undefined;
    return { dir: state.dir, hosts: state.options.hosts, libvirt: state.options.libvirt };
  } catch {
    return undefined;
  }
}

/** The commands that rebuild the lab with libvirt (`lab up` does not change a running lab). */
export const labWithLibvirt = (lab: LabHost): string => `vsh lab down --dir ${lab.dir}, then vsh lab up --libvirt --hosts ${lab.hosts} --dir ${lab.dir}`;
