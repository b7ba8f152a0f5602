/** OpenSSH's shared conventions: `~` for the home directory and pattern lists (`*`, `?`, `!negation`). */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? join(homedir(), p.slice(1)) : p;
}

/**
 * Whether `name` matches a pattern list as ssh_config `Host` and known_hosts use them: some
 * pattern matches and no `!pattern` does. known_hosts compares names case-insensitively.
 */
export function matchesPatternList(patterns: readonly string[], name: string, ignoreCase = false): boolean {
  let matched = false;
  for (const p of patterns) {
    const negate = p.startsWith('!');
    const body = (negate ? p.slice(1) : p).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    if (new RegExp(`^${body}$`, ignoreCase ? 'i' : '').test(name)) {
      if (negate) return false;
      matched = true;
    }
  }
  return matched;
}
