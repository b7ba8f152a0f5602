/**
 * AST → Model. Two passes:
 *  1. in order, apply the context rules of LANGUAGE.md §2 (`use`, `host`, `bridge`,
 *     `network` set the context; `port`/`tunnel`/`portgroup` without `on` use it) and
 *     collect declarations, merging exact repeats (VN104) and refusing conflicting
 *     redeclarations (VN105);
 *  2. resolve references (hosts, bridges, networks) against all declarations, wherever
 *     they appear in the script (VN100, VN101, VN102, VN121).
 * Objects whose references do not resolve are reported and left out of the model, so
 * later checks never see dangling references.
 */
import type * as A from './ast.js';
import { diag, type Diagnostic, type Span } from './diagnostics.js';
import { hostKey, emptyModel, type Context, type Model } from './model.js';
import type { Placed, Placer, Resolving } from '../kinds/kind.js';
import { kindOf } from '../kinds/registry.js';
import { closest } from './suggest.js';


/** Compare two statements by meaning: spans and how the target was written do not count. */
function sameAttributes(a: A.Statement, b: A.Statement): boolean {
  const strip = (s: A.Statement) =>
    JSON.stringify(s, (k, v) => (k === 'span' || k === 'optionSpans' || k === 'on' || k === 'of' ? undefined : v));
  return strip(a) === strip(b);
}

export interface ResolveResult {
  model: Model;
  diagnostics: Diagnostic[];
}

/** Resolve statements into a model, starting from `initial` context (the REPL's). */
export function resolve(statements: readonly A.Statement[], initial: Context = {}): ResolveResult {
  const r = new Resolver(initial);
  for (const s of statements) kindOf(s).place(s, r);
  r.resolveReferences();
  r.reportUnknownHosts();
  r.model.context = r.ctx;
  return { model: r.model, diagnostics: r.diagnostics };
}

/** Both passes; each kind's module (src/kinds) does its own part through the Placer and Resolving views. */
class Resolver implements Placer, Resolving {
  readonly model = emptyModel();
  readonly diagnostics: Diagnostic[] = [];
  ctx: Context;
  private readonly placed: Placed[] = [];
  /** First declaration of each object, by kind + identity, to spot repeats. */
  private readonly declared = new Map<string, A.Statement>();
  /** Uses of hosts no `host` statement declares, by name, in order. */
  private readonly unknownHosts = new Map<string, Span[]>();

  constructor(initial: Context) {
    this.ctx = { ...initial };
  }

  setContext(ctx: Context): void {
    this.ctx = ctx;
  }

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  place(p: Placed): void {
    this.placed.push(p);
  }

  isDeclared(identity: string): boolean {
    return this.declared.has(identity);
  }

  noContext(span: Span, what: string, hint: string): void {
    this.diagnostics.push(diag('VN103', span, `no current ${what} for this statement`, { hint }));
  }

  /** Record a declaration; false if it repeats (merged, VN104) or conflicts (VN105) with an earlier one. */
  declare(identity: string, what: string, stmt: A.Statement, nameSpan: Span): boolean {
    const first = this.declared.get(identity);
    if (!first) {
      this.declared.set(identity, stmt);
      return true;
    }
    const related = [{ span: first.span, message: 'first declared here' }];
    if (sameAttributes(first, stmt)) {
      this.diagnostics.push(diag('VN104', nameSpan, `${what} is declared twice with the same attributes (merged)`, { related, hint: 'remove one of the two' }));
    } else {
      this.diagnostics.push(
        diag('VN105', nameSpan, `${what} is redeclared with different attributes`, {
          related,
          hint: 'declare each object once with all its options, or give the second one another name',
        }),
      );
    }
    return false;
  }

  /** The host a statement's `on HOST` (or the context) names; `on NAME@HOST` is refused, not half-read. */
  hostOf(stmt: A.Statement & { on?: A.Ref }, what: string): string | undefined {
    if (stmt.on?.host) {
      this.diagnostics.push(
        diag('VN001', stmt.on.span, `a ${what} goes 'on HOST', not 'on NAME@HOST'`, { hint: `write 'on ${stmt.on.host.value}'` }),
      );
      return undefined;
    }
    if (stmt.on) return stmt.on.name.value;
    if (this.ctx.host) return this.ctx.host;
    this.noContext(stmt.span, 'host', `add 'on HOST' to the ${what}, or 'use HOST' before it`);
    return undefined;
  }

  knownHost(name: string, span: Span): boolean {
    if (this.model.hosts.has(name)) return true;
    const uses = this.unknownHosts.get(name);
    if (uses) uses.push(span);
    else this.unknownHosts.set(name, [span]);
    return false;
  }

  /** One VN100 per unknown host, at its first use, counting the others (a missing inventory is one mistake, not one per line). */
  reportUnknownHosts(): void {
    const known = [...this.model.hosts.keys()];
    for (const [name, [first, ...others]] of this.unknownHosts) {
      const guess = closest(name, known);
      const more = others.length ? ` (and ${others.length} more use${others.length === 1 ? '' : 's'})` : '';
      this.diagnostics.push(
        diag('VN100', first!, `unknown host '${name}'${more}`, {
          hint: guess
            ? `did you mean '${guess}'?`
            : known.length
              ? `declared hosts: ${known.join(', ')}`
              : `declare it first ('host ${name} address IPV4' or 'host ${name} local'), or load the inventory before the script: vsh check lab/hosts.vnet FILE`,
        }),
      );
    }
  }

  knownBridge(host: string, name: string, span: Span, code: 'VN101' | 'VN121' = 'VN101', why = ''): boolean {
    if (this.model.bridges.has(hostKey(host, name))) return true;
    const onHost = [...this.model.bridges.values()].filter((b) => b.host === host).map((b) => b.name);
    const guess = closest(name, onHost);
    // Declaring a bridge that a nat/route/isolated network creates is VN133: point to what works instead.
    const network = [...this.model.networks.values()].find((n) => n.host === host && n.stmt.bridge?.value === name && n.stmt.mode.value !== 'bridge');
    const hint = network
      ? `'${name}' is made by libvirt for network '${network.name}' (mode ${network.stmt.mode.value}), after vsh's ports: attach guests with 'attach GUEST to ${network.name}', or declare 'bridge BR on ${host}', make the network 'mode bridge bridge BR' and put the port on BR`
      : guess
        ? `did you mean '${guess}'?`
        : `declare it: 'bridge ${name} on ${host}'`;
    this.diagnostics.push(diag(code, span, `unknown bridge '${name}' on ${host}${why}`, { hint }));
    return false;
  }

  /** The span to blame for a statement's host: its `on`, or the whole statement when the host came from context. */
  hostSpan(s: A.Statement & { on?: A.Ref }): Span {
    return s.on?.host?.span ?? s.on?.span ?? s.span;
  }

  /** Pass 2: references, against everything declared. */
  resolveReferences(): void {
    // Referable objects first, so that a port may name a bridge declared further down.
    for (const first of [true, false])
      for (const p of this.placed) if (!!kindOf(p.stmt).referable === first) kindOf(p.stmt).resolve(p, this);
  }
}
