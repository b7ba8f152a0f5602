/**
 * The fingerprint of a host's own part of the model: a hash of what every driver would read
 * there (its probes) and do there on an empty host (its offline plan: every command with its
 * undo), the OVN northbound part left out (HostView.part 'own'). What the model asks of the
 * host changes → its fingerprint changes; nothing else does (no time, no random name). The
 * central's northbound database keeps the fingerprint of each host last made to match
 * (ovn/record.ts), so that an unchanged host need not be read.
 */
import { createHash } from 'node:crypto';
import type { HostView } from './backend.js';
import { backends } from './registry.js';

export function hostFingerprint(view: HostView): string {
  const own: HostView = { ...view, part: 'own' };
  const hash = createHash('sha256');
  for (const b of backends) {
    const read = b.read(own, undefined);
    hash.update(JSON.stringify([
      b.id,
      b.probes(own).map((p) => [p.id, p.command.argv, p.command.stdin ?? null]),
      (read.diagnostics ?? []).map((d) => [d.code, d.message]),
      b.plan(own, read.state).map((s) => [s.phase, s.action, s.object, s.commands.map((c) => [c.argv, c.stdin ?? null]), s.undo.map((c) => [c.argv, c.stdin ?? null])]),
    ]));
  }
  return hash.digest('hex').slice(0, 24);
}
