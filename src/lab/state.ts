/**
 * The lab's record, `DIR/lab.json`: the source of truth for `down` and `status`. Every
 * namespace, link, mount, file and directory is journalled BEFORE it is made, so a lab
 * left half-made by a crash (or a kill) of `up` can still be removed exactly, and
 * nothing that was not recorded is ever removed. Writes are atomic (temp file + rename).
 */
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { LabError } from './errors.js';
import { labFiles } from './topology.js';

/** One thing the lab made, in the terms needed to unmake it. */
export type Resource =
  /** A directory the lab created; `recursive` when everything in it is the lab's. */
  | { kind: 'dir'; path: string; recursive: boolean }
  | { kind: 'file'; path: string }
  /** A mount in the root mount namespace; `holds` when it keeps a host's namespace alive. */
  | { kind: 'mount'; path: string; holds?: 'mnt' | 'uts' }
  | { kind: 'netns'; name: string }
  /** A link in the root namespace; deleted only while it still carries the lab's alias. */
  | { kind: 'link'; name: string }
  /**
   * Podman prepared on a host (containers.ts): its containers are removed before the lab's
   * processes are stopped (through its namespaces: the holders `mnt`, `uts` and netns
   * `netns`), and its cgroup subtree `cgroup` (in every v1 hierarchy) after. `docker`: the
   * host also runs a dockerd (`up --docker`), whose containers are removed the same way.
   */
  | { kind: 'containers'; host: string; cgroup: string; mnt: string; uts: string; netns: string; docker?: boolean };

/** A process identity that survives pid reuse: pid plus its start time (clock ticks after boot). */
export interface ProcessRef {
  pid: number;
  startTime: number;
}

/** Where a lab's OVN central runs and how to reach its databases (from the root namespace, or from any lab host). */
export interface OvnCentral {
  /** The lab host running NB, SB and ovn-northd. */
  host: string;
  /** Unix sockets, as paths in the root mount namespace. */
  nbSocket: string;
  sbSocket: string;
  /** OVSDB remotes on the management network (`tcp:ADDR:PORT`), reachable from the controller and every host. */
  nbRemote: string;
  sbRemote: string;
}

export type LabStatusWord = 'starting' | 'up' | 'stopping';

export interface LabState {
  version: 1;
  dir: string;
  id: string;
  status: LabStatusWord;
  /** The `vsh` process working on the lab right now (absent once `up` finished). */
  owner?: ProcessRef;
  options: { hosts: number; libvirt: boolean; containers?: boolean; docker?: boolean; ovn?: boolean };
  /** How the OVN central is reached, once `up --ovn` started it (ovn.ts). */
  ovn?: OvnCentral;
  /** The lab number, once its management network is claimed. */
  labNo?: number;
  /** The journal, in the order things were made. */
  made: Resource[];
  /** Daemon pids per host, as read from their pidfiles after start. */
  daemons: Record<string, Record<string, ProcessRef>>;
  startedAt: string;
  upAt?: string;
}

/** Temp files of the record (`lab.json.PID.tmp`): a writer killed mid-write leaves one. */
export const STATE_TEMP = /^lab\.json\.\d+\.tmp$/;

export function statePath(dir: string): string {
  return labFiles(dir).state;
}

/** The state of the lab in `dir`, or undefined when there is none. */
export function readState(dir: string): LabState | undefined {
  let text: string;
  try {
    text = readFileSync(statePath(dir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new LabError(`cannot read ${statePath(dir)}: ${(err as Error).message}`);
  }
  try {
    const state = JSON.parse(text) as LabState;
    if (state.version !== 1 || !Array.isArray(state.made)) throw new Error('not a vsh lab record');
    return state;
  } catch (err) {
    throw new LabError(
      `${statePath(dir)} is not a lab record vsh can read (${(err as Error).message})`,
      'if no lab runs from this directory, move the file away',
    );
  }
}

/**
 * Readers never see a partial file: write a temp file, then rename it into place — or, when
 * `exclusive`, hard-link it (which fails if the file exists: two `lab up` on one directory
 * cannot both start).
 */
function writeAtomically(path: string, text: string, exclusive: boolean): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o644 });
  if (!exclusive) return renameSync(tmp, path);
  try {
    linkSync(tmp, path);
  } finally {
    unlinkSync(tmp);
  }
}

/** The live record of one lab operation: every change is written through at once. */
export class Journal {
  private constructor(readonly state: LabState) {}

  /** Start a new record; fails (returns undefined) when `lab.json` already exists. */
  static create(state: LabState): Journal | undefined {
    try {
      writeAtomically(statePath(state.dir), json(state), true);
      return new Journal(state);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
      throw err;
    }
  }

  /** Take over an existing record (after checking that nobody else owns it). */
  static adopt(state: LabState): Journal {
    const j = new Journal(state);
    j.save();
    return j;
  }

  /** Journal `r` before making it. */
  record(r: Resource): void {
    this.state.made.push(r);
    this.save();
  }

  /** Drop `r` from the journal: it was not made after all (it existed: someone else's), or it is gone. */
  forget(r: Resource): void {
    const i = this.state.made.findIndex((m) => sameResource(m, r));
    if (i >= 0) this.state.made.splice(i, 1);
    this.save();
  }

  update(change: (s: LabState) => void): void {
    change(this.state);
    this.save();
  }

  save(): void {
    writeAtomically(statePath(this.state.dir), json(this.state), false);
  }
}

/** `kind:path` or `kind:name`: what identifies a resource. */
export function resourceKey(r: Resource): string {
  return r.kind === 'containers' ? `containers:${r.host}` : `${r.kind}:${'path' in r ? r.path : r.name}`;
}

export function sameResource(a: Resource, b: Resource): boolean {
  return resourceKey(a) === resourceKey(b);
}

function json(state: LabState): string {
  return JSON.stringify(state, null, 2) + '\n';
}
