/**
 * The part of `~/.ssh/config` vsh honours: `Host` patterns (with `*`, `?`, `!`), and per
 * host `HostName`, `User`, `Port`, `IdentityFile`, `ProxyJump`, `UserKnownHostsFile`.
 * As in OpenSSH, the first value found for each keyword wins.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expandHome, matchesPatternList } from './ssh-patterns.js';

export interface SshConfigEntry {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  proxyJump?: string;
  userKnownHostsFile?: string;
}

/** What the config says for `alias` (empty when there is no config file). */
export function sshConfigFor(alias: string, text?: string): SshConfigEntry {
  const entry: SshConfigEntry = { identityFiles: [] };
  if (text === undefined) {
    try {
      text = readFileSync(join(homedir(), '.ssh', 'config'), 'utf8');
    } catch {
      return entry;
    }
  }
  let active = true; // lines before the first Host apply to all
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(\S+?)\s*(?:=|\s)\s*(.+)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    const value = m[2]!.replace(/^"(.*)"$/, '$1');
    if (key === 'host') {
      active = matchesPatternList(value.split(/\s+/), alias);
      continue;
    }
    if (key === 'match') {
      active = false; // Match blocks are not supported; skip them rather than guess
      continue;
    }
    if (!active) continue;
    if (key === 'hostname') entry.hostName ??= value;
    else if (key === 'user') entry.user ??= value;
    else if (key === 'port') entry.port ??= Number(value);
    else if (key === 'identityfile') entry.identityFiles.push(expandHome(value));
    else if (key === 'proxyjump') entry.proxyJump ??= value;
    else if (key === 'userknownhostsfile') entry.userKnownHostsFile ??= expandHome(value.split(/\s+/)[0]!);
  }
  return entry;
}
