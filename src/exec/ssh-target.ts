/**
 * A declared host → how to reach it over SSH: the statement's options first, then
 * `~/.ssh/config` for the host's name, then OpenSSH's defaults.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { HostStmt } from '../lang/ast.js';
import { sshConfigFor } from './ssh-config.js';
import { expandHome } from './ssh-patterns.js';
import { defaultKeyFiles, type SshTarget } from './ssh.js';

/** `hosts` resolves `jump HOST` (a jump cycle is refused by the checks before we get here). */
export function sshTargetFor(name: string, hosts: ReadonlyMap<string, HostStmt>, seen: string[] = []): SshTarget {
  const h = hosts.get(name)!;
  const cfg = sshConfigFor(name);
  const jumpName = h.jump?.value;
  const target: SshTarget = {
    name,
    address: h.address?.value ?? cfg.hostName ?? name,
    port: h.port?.value ?? cfg.port ?? 22,
    user: h.user?.value ?? cfg.user ?? process.env.USER ?? 'root',
    keyFiles: [...(h.key ? [expandHome(h.key.value)] : []), ...cfg.identityFiles, ...defaultKeyFiles()],
    knownHostsFiles: [h.knownHosts ? expandHome(h.knownHosts.value) : (cfg.userKnownHostsFile ?? join(homedir(), '.ssh', 'known_hosts'))],
  };
  if (jumpName && hosts.has(jumpName) && !seen.includes(jumpName)) target.jump = sshTargetFor(jumpName, hosts, [...seen, name]);
  return target;
}
