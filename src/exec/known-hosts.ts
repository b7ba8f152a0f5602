/**
 * Host-key verification against OpenSSH known_hosts files (plain and hashed `|1|salt|hash`
 * entries, `[host]:port` for non-22 ports, `@revoked`). ssh2 accepts any key unless told
 * otherwise; vsh never relies on that: an unknown key is refused with its fingerprint and
 * how to trust it, a changed key is refused loudly.
 */
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { matchesPatternList } from './ssh-patterns.js';

export interface KnownKey {
  type: string;
  /** Base64 of the public key blob, as in the file. */
  key: string;
  revoked: boolean;
  file: string;
  line: number;
}

/** `SHA256:…` as `ssh-keygen -lf` prints it. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

/** The name known_hosts uses for host:port. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function hostMatches(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return matchesPatternList(field.split(','), name, true);
}

/** Every key the files record for `name` (missing files are skipped). */
export function knownKeys(files: readonly string[], name: string): KnownKey[] {
  const out: KnownKey[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((raw, i) => {
      const fields = raw.trim().split(/\s+/);
      if (!fields[0] || fields[0].startsWith('#')) return;
      let revoked = false;
      if (fields[0].startsWith('@')) {
        if (fields[0] === '@cert-authority') return; // certificates are not supported: ignore, do not trust
        revoked = fields[0] === '@revoked';
        fields.shift();
      }
      const [hosts, type, key] = fields;
      if (hosts && type && key && hostMatches(hosts, name)) out.push({ type, key, revoked, file, line: i + 1 });
    });
  }
  return out;
}

export type Verdict = { ok: true } | { ok: false; reason: string };

/** Decide whether to trust `blob` as the host key of `host:port`. */
export function verifyHostKey(files: readonly string[], host: string, port: number, blob: Buffer): Verdict {
  const name = knownHostsName(host, port);
  const keys = knownKeys(files, name);
  const presented = blob.toString('base64');
  const fp = fingerprint(blob);
  const revoked = keys.find((k) => k.revoked && k.key === presented);
  if (revoked) return { ok: false, reason: `the host key of ${name} (${fp}) is marked @revoked in ${revoked.file}:${revoked.line}` };
  if (keys.some((k) => !k.revoked && k.key === presented)) return { ok: true };
  const known = keys.filter((k) => !k.revoked);
  if (known.length > 0) {
    const k = known[0]!;
    return {
      ok: false,
      reason:
        `WARNING: the host key of ${name} has CHANGED (now ${fp}); ${k.file}:${k.line} records a different ${k.type} key. ` +
        `Someone may be intercepting the connection, or the host was reinstalled. vsh refuses to connect. ` +
        `If the change is expected, remove the old key: ssh-keygen -R '${name}' -f ${k.file}`,
    };
  }
  return {
    ok: false,
    reason:
      `the host key of ${name} is not known (${fp}); vsh only connects to hosts whose key is in ` +
      `${files.join(' or ') || 'a known_hosts file'}. After checking the fingerprint with the host's owner, trust it with: ` +
      `ssh-keyscan -p ${port} ${host} >> ${files[0] ?? '~/.ssh/known_hosts'}`,
  };
}
