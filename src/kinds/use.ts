/** `use HOST`: make HOST the current host. */
import type { UseStmt } from '../lang/ast.js';
import type { Build, Kind } from './kind.js';

export const buildUse: Build = (b, base) => ({ kind: 'use', ...base, host: b.name() });

export const use: Kind<UseStmt> = {
  place(s, r) {
    const ctx = r.ctx;
    r.place({ stmt: s, host: s.host.value });
    r.setContext({ host: s.host.value, ...(ctx.host === s.host.value ? { bridge: ctx.bridge, network: ctx.network } : {}) });
  },
  resolve(p, r) {
    r.knownHost(p.stmt.host.value, p.stmt.host.span);
  },
  concept: (s) => `Makes ${s.host.value} the current host: statements without 'on …' now apply there, and the prompt shows it.`,
  lower: 'none',
  example: 'use hostB',
  draws: false,
};
