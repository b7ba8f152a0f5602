/**
 * Which objects on a host are this script's. vsh marks what it creates with the project of
 * the script that made it: a Linux link gets the alias `vsh:PROJECT` (a namespace: on its
 * `lo`), an OVS bridge or port `external_ids:vsh=PROJECT`.
 *
 * A Linux link or namespace declared by several projects is owned by all of them: its alias
 * lists them, the maker first (`vsh:p1,p2`; a project name has no comma, and a one-project
 * alias reads as before). It is deleted only when its last owner drops it; before that, a
 * project that drops it takes its name off the list. (OVS bridges: ovs/owners.ts.) The
 * kernel keeps 255 bytes of alias: past that (a dozen long project names), `ip` refuses the
 * new owner with "alias too long" and the apply rolls back.
 *
 * - `destroy` removes what the model declares if vsh made it, whichever project did.
 * - `apply` removes what vsh made and the model no longer declares only when its own
 *   project made it: two scripts applied to one host leave each other's objects alone.
 *
 * Without a project (library use, unit tests) the marks are the first ones vsh wrote
 * (`vsh`, `external_ids:vsh=owned`) and everything vsh made counts as the model's, as it
 * did before projects; those legacy marks belong to no named project.
 */

import { basename } from 'node:path';
import type { Statement } from '../lang/ast.js';

/** A project name: what a file name may be, within the limits of an interface alias. */
export const PROJECT_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** The alias a Linux link made for `project` carries. */
export function linkMark(project: string | undefined): string {
  return project === undefined ? 'vsh' : `vsh:${project}`;
}

/** Whether vsh made the link (any project). */
export function isVshLink(alias: string | undefined): boolean {
  return alias === 'vsh' || (alias?.startsWith('vsh:') ?? false);
}

/** The projects a link's alias names as its owners, the maker first ([] when vsh did not make it, or made it without a project). */
export function linkOwners(alias: string | undefined): string[] {
  return alias?.startsWith('vsh:') ? alias.slice('vsh:'.length).split(',').filter((p) => p !== '') : [];
}

/** Whether the link is `project`'s (one of its owners): to remove when the model no longer declares it, or to release. */
export function ownsLink(alias: string | undefined, project: string | undefined): boolean {
  return project === undefined ? isVshLink(alias) : linkOwners(alias).includes(project);
}

/** A link another project made and `project` declares too: the alias with `project` added; undefined when it owns it already (or vsh did not make it for a project). */
export function shareLink(alias: string | undefined, project: string | undefined): { alias: string; line: string } | undefined {
  const owners = linkOwners(alias);
  if (project === undefined || owners.length === 0 || owners.includes(project)) return undefined;
  const next = [...owners, project];
  return { alias: `vsh:${next.join(',')}`, line: `owners: ${owners.join(',')} -> ${next.join(',')}` };
}

/** The alias of a link `project` makes, or makes again: a shared link keeps its owners, this project among them. */
export function remadeMark(alias: string | undefined, project: string | undefined): string {
  if (linkOwners(alias).length === 0) return linkMark(project);
  return shareLink(alias, project)?.alias ?? alias!;
}

/** `project` drops a link other projects own too: the alias without it, and who stays; undefined when it is the last owner (or not one). */
export function releaseLink(alias: string | undefined, project: string | undefined): { alias: string; line: string; others: string[] } | undefined {
  const owners = linkOwners(alias);
  const others = owners.filter((o) => o !== project);
  if (project === undefined || !owners.includes(project) || others.length === 0) return undefined;
  return { alias: `vsh:${others.join(',')}`, line: `owners: ${owners.join(',')} -> ${others.join(',')}`, others };
}

/** The value of `external_ids:vsh` on what OVS objects `project` makes. */
export function ovsMark(project: string | undefined): string {
  return project ?? 'owned';
}

/** Whether the OVS record is `project`'s (`value`: its `external_ids:vsh`; undefined when vsh did not make it). */
export function ownsOvs(value: string | undefined, project: string | undefined): boolean {
  return project === undefined ? value !== undefined : value === project;
}

/**
 * The project of a run without `--project`: the name of the last file that declares more
 * than hosts (`vsh run lab/hosts.vnet gre-vlans.vnet` → `gre-vlans`), so that each script
 * applied to a host keeps to its own objects.
 */
export function projectOf(files: readonly string[], statements: readonly Statement[]): string {
  const topology = new Set(statements.filter((s) => s.kind !== 'host' && s.kind !== 'use').map((s) => s.span.file));
  const file = [...files].reverse().find((f) => topology.has(f === '-' ? '<stdin>' : f)) ?? files.at(-1) ?? 'stdin';
  const name = basename(file === '-' ? 'stdin' : file).replace(/\.vnet$/, '').replace(/[^A-Za-z0-9_.-]/g, '-').replace(/^[.-]+/, '').slice(0, 64);
  return PROJECT_NAME.test(name) ? name : 'default';
}
