/**
 * The record of the hosts, kept in the northbound database of the model's `ovn central`:
 * per project and host, the fingerprint (host-fingerprint.ts) of what vsh last made that
 * host match, in NB_Global external_ids (`vsh-host/PROJECT/HOST`). It is written in the same
 * transaction as the logical change, so it is taken back with it on a rollback. With it, a
 * logical-only change reads the central alone: a host whose recorded fingerprint is the
 * model's is not read over SSH (plan.ts), which is what lets OVN scale past the SSH fan-out.
 * The trade-off: a host changed behind vsh's back since is not seen by apply or plan until
 * they are given --read-all; `vsh diff` always reads every host.
 */
import type { Model } from '../../lang/model.js';
import { ovsMark } from '../ownership.js';
import { PHASE, type HostView, type Step } from '../backend.js';
import type { ProbeOutputs } from '../backend.js';
import { nbctl } from './nbctl.js';
import { NB_PROBE, parseNb } from './read.js';

/** The host that keeps the record: the model's OVN central, when the model has a logical topology for it to hold. */
export function recordKeeper(model: Model): string | undefined {
  const o = model.ovn;
  const logical = o.switches.size + o.routers.size + o.ports.length + o.links.length + o.uplinks.length + o.routes.length > 0;
  const central = o.central?.host;
  return logical && central !== undefined && model.hosts.has(central) ? central : undefined;
}

const PREFIX = 'vsh-host/';
/** `/` is in neither a project nor a host name: keys of different projects and hosts never meet. */
export const recordKey = (project: string | undefined, host: string): string => `${PREFIX}${ovsMark(project)}/${host}`;

/** The recorded fingerprint of each host of this project, from the central's read; undefined when the northbound database was not read. */
export function readRecord(outputs: ProbeOutputs, project: string | undefined): Map<string, string> | undefined {
  const ids = parseNb(outputs?.get(NB_PROBE))?.globalIds;
  if (!ids) return undefined;
  const mine = `${PREFIX}${ovsMark(project)}/`;
  return new Map([...ids].filter(([k]) => k.startsWith(mine)).map(([k, v]) => [k.slice(mine.length), v]));
}

/** One change to the record: `to` undefined removes the host's entry. */
export interface RecordChange {
  host: string;
  from?: string;
  to?: string;
}

const q = (v: string): string => JSON.stringify(v);
const setIds = (pairs: readonly (readonly [string, string])[]) => nbctl('set', 'NB_Global', '.', ...pairs.map(([k, v]) => `external_ids:${q(k)}=${q(v)}`));
const removeIds = (keys: readonly string[]) => nbctl('remove', 'NB_Global', '.', 'external_ids', ...keys.map(q));

/**
 * The step that writes the changes into the record, on the central: part of the northbound
 * transaction (before its wait), its undo puts back what was there.
 */
export function recordStep(view: HostView, changes: readonly RecordChange[]): Step | undefined {
  if (changes.length === 0) return undefined;
  const key = (c: RecordChange) => recordKey(view.project, c.host);
  const sets = changes.filter((c) => c.to !== undefined).map((c) => [key(c), c.to!] as const);
  const removes = changes.filter((c) => c.to === undefined).map(key);
  const restores = changes.filter((c) => c.from !== undefined).map((c) => [key(c), c.from!] as const);
  const added = changes.filter((c) => c.from === undefined).map(key);
  const hosts = changes.map((c) => c.host).join(', ');
  return {
    host: view.name, backend: 'ovn', action: '~', object: `record of ${changes.length === 1 ? 'host' : 'hosts'} ${hosts} (northbound)`, phase: PHASE.ovn,
    commands: [...(sets.length ? [setIds(sets)] : []), ...(removes.length ? [removeIds(removes)] : [])],
    undo: [...(restores.length ? [setIds(restores)] : []), ...(added.length ? [removeIds(added)] : [])],
    explain: `Records in the northbound database (NB_Global external_ids ${PREFIX}…) what ${hosts} ${sets.length ? 'now match' : 'no longer hold'}: a later apply or plan reads only the hosts whose part of the model changed since, so a logical change touches the central alone. --read-all reads every host anyway.`,
    ...(view.model.ovn.central ? { span: view.model.ovn.central.stmt.span } : {}),
    changes: changes.map((c) => `${c.host}: ${c.from ?? '(none)'} -> ${c.to ?? '(none)'}`),
  };
}
