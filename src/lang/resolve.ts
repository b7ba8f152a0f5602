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
import { hostKey, emptyModel, type Context, type Model, type TunnelEnd } from './model.js';
import { closest } from './suggest.js';

/** Statements with the context they were written in (after pass 1). */
interface Placed<S extends A.Statement> {
  stmt: S;
  host?: string;
  bridge?: string;
  network?: string;
}

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
  for (const s of statements) r.place(s);
  r.resolveReferences();
  return { model: r.model, diagnostics: r.diagnostics };
}

class Resolver {
  readonly model = emptyModel();
  readonly diagnostics: Diagnostic[] = [];
  private ctx: Context;
  private readonly placed: Placed<A.Statement>[] = [];
  /** First declaration of each object, by kind + identity, to spot repeats. */
  private readonly declared = new Map<string, A.Statement>();

  constructor(initial: Context) {
    this.ctx = { ...initial };
  }

  private noContext(span: Span, what: string, hint: string): void {
    this.diagnostics.push(diag('VN103', span, `no current ${what} for this statement`, { hint }));
  }

  /** Record a declaration; false if it repeats (merged, VN104) or conflicts (VN105) with an earlier one. */
  private declare(identity: string, what: string, stmt: A.Statement, nameSpan: Span): boolean {
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
  private hostOf(stmt: A.Statement & { on?: A.Ref }, what: string): string | undefined {
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

  /** Pass 1: context and declarations, in order. */
  place(s: A.Statement): void {
    const ctx = this.ctx;
    switch (s.kind) {
      case 'host':
        if (this.declare(`host ${s.name.value}`, `host '${s.name.value}'`, s, s.name.span)) this.model.hosts.set(s.name.value, s);
        this.ctx = { host: s.name.value };
        return;
      case 'use':
        this.placed.push({ stmt: s, host: s.host.value });
        this.ctx = {
          host: s.host.value,
          ...(ctx.host === s.host.value ? { bridge: ctx.bridge, network: ctx.network } : {}),
        };
        return;
      case 'bridge': {
        const host = this.hostOf(s, 'bridge');
        if (!host) return;
        this.ctx = { host, bridge: s.name.value, ...(ctx.host === host ? { network: ctx.network } : {}) };
        if (this.declare(`bridge ${host}/${s.name.value}`, `bridge '${s.name.value}' on ${host}`, s, s.name.span))
          this.placed.push({ stmt: s, host });
        return;
      }
      case 'network': {
        const host = this.hostOf(s, 'network');
        if (!host) return;
        this.ctx = { host, network: s.name.value, ...(ctx.host === host ? { bridge: ctx.bridge } : {}) };
        if (this.declare(`network ${host}/${s.name.value}`, `network '${s.name.value}' on ${host}`, s, s.name.span))
          this.placed.push({ stmt: s, host });
        return;
      }
      case 'port': {
        let host: string | undefined;
        let bridge: string | undefined;
        if (s.on) {
          bridge = s.on.name.value;
          host = s.on.host?.value ?? ctx.host;
          if (!host) return this.noContext(s.span, 'host', `write 'on ${bridge}@HOST', or 'use HOST' first`);
        } else if (ctx.bridge) {
          ({ host, bridge } = ctx);
        } else {
          return this.noContext(s.span, 'bridge', `add 'on BRIDGE' (or 'on BRIDGE@HOST'), or declare the bridge first`);
        }
        if (this.declare(`port ${host}/${bridge}/${s.name.value}`, `port '${s.name.value}' on ${bridge}@${host}`, s, s.name.span))
          this.placed.push({ stmt: s, host, bridge });
        return;
      }
      case 'tunnel': {
        if (s.on?.host) {
          this.diagnostics.push(
            diag('VN001', s.on.span, `a tunnel's 'on' names the bridge on both ends, without '@HOST'`, {
              hint: `write 'on ${s.on.name.value}', or give the ends as ${s.on.name.value}@HOST`,
            }),
          );
          return;
        }
        const bridge = s.on?.name.value ?? ctx.bridge;
        const needsBridge = !s.left.host || !s.right.host;
        if (needsBridge && !bridge)
          return this.noContext(s.span, 'bridge', `add 'on BRIDGE', write the ends as BRIDGE@HOST, or declare the bridge first`);
        this.placed.push({ stmt: s, ...(bridge ? { bridge } : {}) });
        return;
      }
      case 'portgroup': {
        const network = s.of?.value ?? ctx.network;
        const host = ctx.host;
        if (!network) return this.noContext(s.span, 'network', `add 'of NETWORK', or declare the network first`);
        if (!host) return this.noContext(s.span, 'host', `'use HOST' first: 'of ${network}' names a network on the current host`);
        if (this.declare(`portgroup ${host}/${network}/${s.name.value}`, `portgroup '${s.name.value}' of ${network}`, s, s.name.span))
          this.placed.push({ stmt: s, host, network });
        return;
      }
      case 'namespace': {
        const host = this.hostOf(s, 'namespace');
        if (host && this.declare(`namespace ${host}/${s.name.value}`, `namespace '${s.name.value}' on ${host}`, s, s.name.span))
          this.placed.push({ stmt: s, host });
        return;
      }
      case 'sriov': {
        const host = this.hostOf(s, 'sriov statement');
        if (host && this.declare(`sriov ${host}/${s.pf.value}`, `sriov on '${s.pf.value}' (${host})`, s, s.pf.span))
          this.placed.push({ stmt: s, host });
        return;
      }
      case 'macvtap': {
        const host = this.hostOf(s, 'macvtap');
        if (host && this.declare(`macvtap ${host}/${s.name.value}`, `macvtap '${s.name.value}' on ${host}`, s, s.name.span))
          this.placed.push({ stmt: s, host });
        return;
      }
      case 'bond': {
        // `on X`: a bridge X (on the current host, or X@HOST) makes an OVS bond; a host X a Linux bond.
        let host: string | undefined;
        let bridge: string | undefined;
        if (s.on?.host) {
          host = s.on.host.value;
          bridge = s.on.name.value;
        } else if (s.on) {
          const x = s.on.name.value;
          const isBridgeHere = ctx.host !== undefined && this.declared.has(`bridge ${ctx.host}/${x}`);
          if (isBridgeHere) [host, bridge] = [ctx.host, x];
          else host = x;
        } else {
          host = ctx.host;
          if (!host) return this.noContext(s.span, 'host', `add 'on HOST' (Linux bond) or 'on BRIDGE@HOST' (OVS bond)`);
        }
        if (this.declare(`bond ${host}/${s.name.value}`, `bond '${s.name.value}' on ${host}`, s, s.name.span))
          this.placed.push({ stmt: s, host: host!, ...(bridge ? { bridge } : {}) });
        return;
      }
      case 'vlan': {
        const host = this.hostOf(s, 'vlan');
        if (host && this.declare(`vlan ${host}/${s.name.value}`, `vlan '${s.name.value}' on ${host}`, s, s.name.span))
          this.placed.push({ stmt: s, host });
        return;
      }
      case 'attach-network':
      case 'attach-vf': {
        const host = this.hostOf(s, 'attach');
        if (host) this.placed.push({ stmt: s, host });
        return;
      }
      case 'expect': {
        const host = s.ns.host?.value ?? ctx.host;
        if (!host) return this.noContext(s.span, 'host', `write the namespace as NS@HOST, or 'use HOST' first`);
        this.placed.push({ stmt: s, host });
        return;
      }
    }
  }

  private knownHost(name: string, span: Span): boolean {
    if (this.model.hosts.has(name)) return true;
    const guess = closest(name, this.model.hosts.keys());
    const known = [...this.model.hosts.keys()];
    this.diagnostics.push(
      diag('VN100', span, `unknown host '${name}'`, {
        hint: guess
          ? `did you mean '${guess}'?`
          : known.length
            ? `declared hosts: ${known.join(', ')}`
            : `declare it first: 'host ${name} address IPV4' (or 'host ${name} local')`,
      }),
    );
    return false;
  }

  private knownBridge(host: string, name: string, span: Span, code: 'VN101' | 'VN121' = 'VN101', why = ''): boolean {
    if (this.model.bridges.has(hostKey(host, name))) return true;
    const onHost = [...this.model.bridges.values()].filter((b) => b.host === host).map((b) => b.name);
    const guess = closest(name, onHost);
    this.diagnostics.push(
      diag(code, span, `unknown bridge '${name}' on ${host}${why}`, {
        hint: guess ? `did you mean '${guess}'?` : `declare it: 'bridge ${name} on ${host}'`,
      }),
    );
    return false;
  }

  /** The span to blame for a statement's host: its `on`, or the whole statement when the host came from context. */
  private hostSpan(s: A.Statement & { on?: A.Ref }): Span {
    return s.on?.host?.span ?? s.on?.span ?? s.span;
  }

  /** Pass 2: references, against everything declared. */
  resolveReferences(): void {
    const m = this.model;
    // Containers first, so that a port may name a bridge declared further down.
    const isContainer = (p: Placed<A.Statement>) => ['bridge', 'network', 'namespace'].includes(p.stmt.kind);
    for (const p of [...this.placed.filter(isContainer), ...this.placed.filter((p) => !isContainer(p))]) {
      const s = p.stmt;
      switch (s.kind) {
        case 'use':
          this.knownHost(s.host.value, s.host.span);
          break;
        case 'bridge':
          if (this.knownHost(p.host!, this.hostSpan(s)))
            m.bridges.set(hostKey(p.host!, s.name.value), { stmt: s, host: p.host!, name: s.name.value, kind: s.bridgeKind?.value ?? 'ovs' });
          break;
        case 'network':
          if (this.knownHost(p.host!, this.hostSpan(s))) m.networks.set(hostKey(p.host!, s.name.value), { stmt: s, host: p.host!, name: s.name.value });
          break;
        case 'namespace':
          if (this.knownHost(p.host!, this.hostSpan(s))) m.namespaces.set(hostKey(p.host!, s.name.value), { stmt: s, host: p.host!, name: s.name.value });
          break;
        case 'port': {
          const span = s.on?.span ?? s.span;
          if (!this.knownHost(p.host!, s.on?.host?.span ?? span)) break;
          if (!this.knownBridge(p.host!, p.bridge!, s.on?.name.span ?? span)) break;
          m.ports.push({ stmt: s, host: p.host!, bridge: p.bridge!, name: s.name.value, type: s.type?.value ?? 'system' });
          break;
        }
        case 'portgroup':
          if (!m.networks.has(hostKey(p.host!, p.network!))) {
            this.diagnostics.push(
              diag('VN102', s.of?.span ?? s.span, `unknown network '${p.network}' on ${p.host}`, { hint: `declare it: 'network ${p.network} mode …'` }),
            );
            break;
          }
          m.portgroups.push({ stmt: s, host: p.host!, network: p.network!, name: s.name.value });
          break;
        case 'tunnel': {
          const ends: TunnelEnd[] = [];
          for (const [end, other] of [
            [s.left, s.right],
            [s.right, s.left],
          ] as const) {
            const host = end.host?.value ?? end.name.value;
            const bridge = end.host ? end.name.value : p.bridge!;
            const peer = other.host?.value ?? other.name.value;
            if (!this.knownHost(host, end.host?.span ?? end.name.span)) continue;
            if (!this.knownBridge(host, bridge, end.span, 'VN121', ` (tunnel end)`)) continue;
            ends.push({ host, bridge, portName: s.portName?.value ?? `${s.type.value}-${peer}`, span: end.span });
          }
          if (ends.length === 2) {
            const key = s.key?.value ?? s.vni?.value;
            m.tunnels.push({ stmt: s, type: s.type.value, ends: [ends[0]!, ends[1]!], ...(key !== undefined ? { key } : {}) });
          }
          break;
        }
        case 'sriov':
          if (this.knownHost(p.host!, this.hostSpan(s))) m.sriovs.push({ stmt: s, host: p.host! });
          break;
        case 'macvtap':
          if (this.knownHost(p.host!, this.hostSpan(s))) m.macvtaps.push({ stmt: s, host: p.host!, name: s.name.value });
          break;
        case 'bond':
          if (!this.knownHost(p.host!, this.hostSpan(s))) break;
          if (p.bridge && !this.knownBridge(p.host!, p.bridge, s.on!.name.span)) break;
          m.bonds.push({ stmt: s, host: p.host!, name: s.name.value, ...(p.bridge ? { bridge: p.bridge } : {}) });
          break;
        case 'vlan':
          if (this.knownHost(p.host!, this.hostSpan(s))) m.vlans.push({ stmt: s, host: p.host! });
          break;
        case 'attach-network':
          if (!this.knownHost(p.host!, this.hostSpan(s))) break;
          if (!m.networks.has(hostKey(p.host!, s.network.value))) {
            const nets = [...m.networks.values()].filter((n) => n.host === p.host).map((n) => n.name);
            const guess = closest(s.network.value, nets);
            this.diagnostics.push(
              diag('VN102', s.network.span, `unknown network '${s.network.value}' on ${p.host}`, {
                hint: guess ? `did you mean '${guess}'?` : `declare it: 'network ${s.network.value} on ${p.host} mode …'`,
              }),
            );
            break;
          }
          m.attachments.push({ stmt: s, host: p.host! });
          break;
        case 'attach-vf':
          if (this.knownHost(p.host!, this.hostSpan(s))) m.vfAttachments.push({ stmt: s, host: p.host! });
          break;
        case 'expect':
          if (this.knownHost(p.host!, s.ns.host?.span ?? s.span)) m.expects.push({ stmt: s, host: p.host!, ns: s.ns.name.value });
          break;
      }
    }
    m.context = this.ctx;
  }
}
