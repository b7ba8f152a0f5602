/** VN136: a guest interface's `mac` is unicast (lowest bit of the first byte clear): libvirt refuses a multicast MAC. */
import { diag, type Diagnostic } from '../diagnostics.js';
import type { CheckRule } from './rule.js';

export const unicastMac: CheckRule = {
  id: 'unicast-mac',
  codes: ['VN136'],
  check({ statements }) {
    const out: Diagnostic[] = [];
    for (const s of statements) {
      if ((s.kind !== 'attach-network' && s.kind !== 'attach-vf') || !s.mac) continue;
      const firstByte = parseInt(s.mac.value.slice(0, 2), 16);
      if (firstByte & 1)
        out.push(
          diag('VN136', s.mac.span, `MAC ${s.mac.value} for domain '${s.domain.value}' is a multicast address; a guest interface needs a unicast MAC`, {
            hint: "clear the lowest bit of the first byte (e.g. 52:54:00:…, libvirt's own prefix)",
          }),
        );
    }
    return out;
  },
};
