/**
 * SSH material of a lab: one client key (the controller's, `DIR/id_ed25519`), one host key
 * per host (so `known_hosts` really tells the hosts apart), the `known_hosts` file that
 * pins each host key to the host's management address, and an `ssh_config` for people
 * (`ssh -F DIR/ssh_config hostA`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Runner } from './run.js';
import type { Journal } from './state.js';
import type { HostPlan, LabFiles, LabPlan } from './topology.js';

export function hostKeyPath(host: HostPlan): string {
  return join(host.dir, 'ssh_host_ed25519_key');
}

/** ssh-keygen an ed25519 key pair at `path` (private key mode 600, as ssh-keygen writes it). */
export async function generateKey(run: Runner, path: string, comment: string): Promise<void> {
  await run.run([run.tools.sshKeygen, '-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path]);
}

/** The controller's key pair; both files are journalled first. */
export async function makeClientKey(run: Runner, journal: Journal, files: LabFiles, id: string): Promise<void> {
  journal.record({ kind: 'file', path: files.key });
  journal.record({ kind: 'file', path: files.publicKey });
  await generateKey(run, files.key, `vsh-lab-${id}`);
}

/** `ADDRESS ssh-ed25519 AAAA…`: the known_hosts line for a host (port 22, so no brackets). */
export function knownHostsLine(host: HostPlan): string {
  const [type, key] = readFileSync(`${hostKeyPath(host)}.pub`, 'utf8').trim().split(/\s+/);
  return `${host.mgmtAddress} ${type} ${key}`;
}

export function writeKnownHosts(journal: Journal, plan: LabPlan): void {
  journal.record({ kind: 'file', path: plan.files.knownHosts });
  writeFileSync(plan.files.knownHosts, plan.hosts.map(knownHostsLine).join('\n') + '\n', { mode: 0o644 });
}

/** `Host hostA` entries, so people can `ssh -F DIR/ssh_config hostA` with the lab's key and known_hosts. */
export function sshConfigText(plan: LabPlan): string {
  const lines = [`# vsh lab ${plan.id} (${plan.dir}): ssh -F ${plan.files.sshConfig} hostA`];
  for (const h of plan.hosts) {
    lines.push(
      '',
      `Host ${h.name}`,
      `  HostName ${h.mgmtAddress}`,
      '  User root',
      `  IdentityFile ${plan.files.key}`,
      '  IdentitiesOnly yes',
      `  UserKnownHostsFile ${plan.files.knownHosts}`,
      '  StrictHostKeyChecking yes',
      '  ConnectTimeout 5',
    );
  }
  return lines.join('\n') + '\n';
}

export function writeSshConfig(journal: Journal, plan: LabPlan): void {
  journal.record({ kind: 'file', path: plan.files.sshConfig });
  writeFileSync(plan.files.sshConfig, sshConfigText(plan), { mode: 0o644 });
}
