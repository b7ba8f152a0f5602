/**
 * Shared ownership of Linux links and namespaces (ownership.ts): a project that declares a
 * link or namespace another project made adds its name to the alias (`vsh:p1,p2`); one that
 * drops it while others still own it takes its name off instead of deleting it. The undo
 * of either puts the alias back as it was. (A namespace's mark is on its `lo`.)
 */
import { PHASE, type Step } from '../backend.js';
import type { Span } from '../../lang/diagnostics.js';
import { releaseLink, shareLink } from '../ownership.js';
import { mark } from './commands.js';
import { linuxStep } from './step.js';

interface Owned {
  /** The plan's object name (`bridge lbr`, `namespace red`). */
  object: string;
  /** The link that carries the mark, and the namespace it is in. */
  link: string;
  ns?: string;
  alias: string | undefined;
  span?: Span;
}

const phaseOf = (o: Owned) => (o.ns !== undefined && o.link === 'lo' ? PHASE.namespaces : PHASE.devices);

/** A step that rewrites the alias of `o` to `alias` (undo: the alias as read). */
function aliasStep(host: string, o: Owned, alias: string, line: string, explain: string): Step {
  return linuxStep(host, {
    action: '~',
    object: o.object,
    phase: phaseOf(o),
    span: o.span,
    changes: [line],
    commands: [mark(o.link, alias, o.ns)],
    undo: [mark(o.link, o.alias!, o.ns)],
    explain,
  });
}

/** `project` declares what another project made: it becomes an owner too. Undefined when it is one already. */
export function shareStep(host: string, o: Owned, project: string | undefined): Step | undefined {
  const sh = shareLink(o.alias, project);
  if (!sh) return undefined;
  return aliasStep(host, o, sh.alias, sh.line, `${o.object} was made by another vsh project; this one declares it too and becomes one of its owners (the alias \`${sh.alias}\`), so that it stays until its last owner drops it.`);
}

/** `project` drops what other projects own too: only its name comes off. Undefined when it is the last owner. */
export function releaseStep(host: string, o: Owned, project: string | undefined): Step | undefined {
  const rel = releaseLink(o.alias, project);
  if (!rel) return undefined;
  return aliasStep(host, o, rel.alias, rel.line, `${o.object} stays: ${rel.others.join(', ')} still own${rel.others.length === 1 ? 's' : ''} it. Only this project's name comes off its alias.`);
}
