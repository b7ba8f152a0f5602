/**
 * One statement kind, every phase in one place (containerlab's `Node`, Terraform's
 * resource): how it is built from its parse, placed in context and resolved into the
 * model, what it teaches, which driver lowers it, and what it feeds the cross-kind checks.
 * The registry (registry.ts) is typed over every kind, so a kind that misses a phase does
 * not compile.
 */
import type { CstNode } from 'chevrotain';
import type * as A from '../lang/ast.js';
import type { Diagnostic, Span } from '../lang/diagnostics.js';
import type { Context, Model } from '../lang/model.js';
import type { StatementBuilder } from '../lang/statement-builder.js';
import type { BackendId } from '../backends/backend.js';

/** The statement of one kind. */
export type StatementOf<K extends A.StatementKind> = Extract<A.Statement, { kind: K }>;

/** What every statement carries besides its own fields. */
export type StatementBase = Pick<A.Statement, 'span' | 'optionSpans'>;

/** Builds a typed statement from its parse; undefined (with diagnostics on `b`) when it cannot. */
export type Build = (b: StatementBuilder, base: StatementBase, node: CstNode) => A.Statement | undefined;

/** A statement with the context it was written in (after placing). */
export interface Placed<S extends A.Statement = A.Statement> {
  stmt: S;
  host?: string;
  bridge?: string;
  network?: string;
}

/** The resolver as a kind sees it while placing statements in order (LANGUAGE.md §2). */
export interface Placer {
  /** The context before this statement. */
  readonly ctx: Context;
  readonly model: Model;
  setContext(ctx: Context): void;
  /** Record a declaration; false if it repeats (merged, VN104) or conflicts (VN105) with an earlier one. */
  declare(identity: string, what: string, stmt: A.Statement, nameSpan: Span): boolean;
  isDeclared(identity: string): boolean;
  /** The host of `on HOST` or the context (VN103 when neither); `on NAME@HOST` is refused. */
  hostOf(stmt: A.Statement & { on?: A.Ref }, what: string): string | undefined;
  noContext(span: Span, what: string, hint: string): void;
  report(d: Diagnostic): void;
  /** Keep the statement for resolving. */
  place(p: Placed): void;
}

/** The resolver as a kind sees it while resolving references (every declaration is known). */
export interface Resolving {
  readonly model: Model;
  /** False (and VN100 with a did-you-mean) when no `host` declares it. */
  knownHost(name: string, span: Span): boolean;
  /** False (and VN101, or `code`) when the bridge is not declared on that host. */
  knownBridge(host: string, name: string, span: Span, code?: 'VN101' | 'VN121', why?: string): boolean;
  /** The span to blame for a statement's host: its `on`, or the statement when the host came from context. */
  hostSpan(s: A.Statement & { on?: A.Ref }): Span;
  report(d: Diagnostic): void;
}

/** How an address a statement writes must read (for VN001/VN131). */
export type AddressShape = 'ipv4' | 'cidr' | 'range';

export interface Kind<S extends A.Statement> {
  /** Other statements refer to it (bridge, network, namespace): resolved first, so references may point forward. */
  referable?: true;
  place(s: S, r: Placer): void;
  resolve(p: Placed<S>, r: Resolving): void;
  /** What the statement makes and why, in a lab guide's voice (explain). */
  concept(s: S): string;
  /** The drivers that lower it into steps, or `'none'` on purpose (context, expectations). */
  lower: readonly BackendId[] | 'none';
  /** A complete example of the statement, valid after the conformance prelude (test/kinds). */
  example: string;
  /** Interface names the statement writes, with what each is (VN002). */
  interfaceNames?(s: S): Array<[A.Spanned<string>, string]>;
  /** Addresses the statement writes, with their shape (VN001, VN131). */
  addresses?(s: S): Array<[A.Spanned<string> | undefined, AddressShape]>;
  /** VLAN ids the statement writes: single ids and lists (VN110). */
  vlans?(s: S): { ids: A.Spanned<number>[]; lists: A.VlanItem[][] };
  /** `false` on purpose when the statement adds nothing to the graph (context, expectations); otherwise topology.ts draws it. */
  draws?: false;
}
