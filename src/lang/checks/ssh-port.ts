/** VN191: a host's SSH `port` is a TCP port, 1–65535 (a bigger one used to reach Node as a raw RangeError). */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';

/** VN191: `host … port N` with N outside 1–65535. */
export const sshPort: CheckRule = {
  id: 'ssh-port',
  codes: ['VN191'],
  check({ statements }) {
    const out: Diagnostic[] = [];
    for (const s of statements) {
      if (s.kind !== 'host' || !s.port) continue;
      const p = s.port.value;
      if (!Number.isInteger(p) || p < 1 || p > 65535) out.push(diag('VN191', s.port.span, `SSH port ${p} of host '${s.name.value}' is not a TCP port`, { hint: 'a port is 1-65535 (sshd listens on 22 unless told otherwise)' }));
    }
    return out;
  },
};
