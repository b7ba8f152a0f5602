/**
 * The reader a kind's builder gets (src/kinds): one statement's parse, options by keyword,
 * narrowed and checked against grammar.ts. Apart from build-ast.ts, which walks the
 * registry, so that the kinds can name it without importing their own registry back.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import type * as A from './ast.js';
import { diag, type Diagnostic, type Span } from './diagnostics.js';
import { OPTION_SHAPES, optionsOf, type OptionKeyword, type StatementKeyword } from './grammar.js';
import { optionOfRule } from './parser.js';
import { joinSpans, tokenSpan, tokensSpan } from './span.js';
import { closest } from './suggest.js';

/** A parsed option value before the statement narrows it. */
type RawValue =
  | { shape: 'flag'; span: Span }
  | { shape: 'text'; token: string; text: string; span: Span }
  | { shape: 'vlist'; items: A.VlanItem[]; span: Span }
  | { shape: 'ref'; ref: A.Ref; span: Span }
  | { shape: 'nsif'; nsif: A.NsIface; span: Span }
  | { shape: 'names'; names: A.Spanned<string>[]; span: Span };

const isToken = (e: CstElement): e is IToken => (e as IToken).image !== undefined;


/** Reads one statement's parse for its kind's builder (src/kinds): options by keyword, narrowed and checked. */
export class StatementBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly values = new Map<OptionKeyword, RawValue>();
  readonly optionSpans: Record<string, Span> = {};

  constructor(
    readonly file: string,
    readonly kind: StatementKeyword,
    readonly node: CstNode,
    readonly span: Span,
    /** The statement's tokens in source order (CST children are grouped by type, not ordered). */
    private readonly tokens: readonly IToken[],
  ) {
    this.collectOptions();
  }

  span_(t: IToken): Span {
    return tokenSpan(this.file, t);
  }

  spanned(t: IToken): A.Spanned<string> {
    return { value: t.image, span: this.span_(t) };
  }

  /** The statement's name: the first name of its head. */
  name(): A.Spanned<string> {
    return this.spanned(this.token('AnyName')!);
  }

  /** The n-th token of a type directly under the head node. */
  token(name: string, n = 0): IToken | undefined {
    const list = this.node.children[name];
    const e = list?.[n];
    return e && isToken(e) ? e : undefined;
  }

  ref(node: CstNode): A.Ref {
    const names = (node.children.AnyName ?? []).filter(isToken); // CONSUME1 then CONSUME2: in order
    const name = this.spanned(names[0]!);
    const host = names[1] ? this.spanned(names[1]) : undefined;
    return { name, ...(host ? { host } : {}), span: host ? joinSpans(name.span, host.span) : name.span };
  }

  // Runs for every option of every statement: the hot loop of parsing a big script, so it
  // allocates little (no Object.entries, one token list and two spans per option).
  private collectOptions(): void {
    const children = this.node.children;
    for (const key in children) {
      const kw = optionOfRule(key);
      if (kw === undefined) continue;
      const nodes = children[key] as CstNode[]; // Chevrotain keeps repeats of one rule in source order
      const toks = this.tokensOf(nodes[0]!);
      const firstSpan = this.tokensSpan(toks);
      for (let i = 1; i < nodes.length; i++) {
        this.diagnostics.push(
          diag('VN003', this.tokensSpan(this.tokensOf(nodes[i]!)), `option '${kw}' is given twice in this ${this.kind} statement`, {
            hint: 'give each option at most once; the first one is kept',
            related: [{ span: firstSpan, message: 'first given here' }],
          }),
        );
      }
      this.optionSpans[kw] = firstSpan;
      this.values.set(kw, this.readValue(kw, nodes[0]!, toks, firstSpan));
    }
  }

  /** The tokens a CST node covers (the parser tracks node offsets; the statement's tokens are in order). */
  private tokensOf(node: CstNode): IToken[] {
    const { startOffset, endOffset } = node.location!;
    const out: IToken[] = [];
    for (const t of this.tokens) {
      if (t.startOffset > endOffset!) break;
      if (t.startOffset >= startOffset) out.push(t);
    }
    return out;
  }

  private tokensSpan(toks: readonly IToken[], from = 0): Span {
    return tokensSpan(this.file, toks[from]!, toks[toks.length - 1]!);
  }

  /** An option's value; `optionToks` start with the option's keyword, `optionSpan` covers them all. */
  private readValue(kw: OptionKeyword, node: CstNode, optionToks: readonly IToken[], optionSpan: Span): RawValue {
    const toks = optionToks.slice(1); // drop the keyword itself
    const span = toks.length > 0 ? this.tokensSpan(toks) : optionSpan;
    switch (OPTION_SHAPES[kw]) {
      case 'flag':
        return { shape: 'flag', span };
      case 'vlist': {
        const items = toks
          .filter((t) => t.tokenType.name !== 'Comma')
          .map((t): A.VlanItem => {
            const [from, to] = t.image.split('-').map(Number) as [number, number?];
            return { from, to: to ?? from, span: this.span_(t) };
          });
        return { shape: 'vlist', items, span };
      }
      case 'ref': {
        const refNode = (node.children.ref as CstNode[])[0]!;
        return { shape: 'ref', ref: this.ref(refNode), span };
      }
      case 'nsif': {
        const [ns, , iface] = toks;
        return { shape: 'nsif', nsif: { ns: this.spanned(ns!), iface: this.spanned(iface!), span }, span };
      }
      case 'names':
        return { shape: 'names', names: toks.filter((t) => t.tokenType.name !== 'Comma').map((t) => this.spanned(t)), span };
      default: {
        const t = toks[0]!;
        const text = t.tokenType.name === 'StringLit' ? unquote(t.image) : t.image;
        return { shape: 'text', token: t.tokenType.name, text, span };
      }
    }
  }

  private wrongValue(kw: string, span: Span, expected: string, found: string): undefined {
    this.diagnostics.push(diag('VN001', span, `'${kw}' in a ${this.kind} statement takes ${expected}, found ${found}`));
    return undefined;
  }

  /** A flag option, if given. */
  flag(kw: OptionKeyword): A.Spanned<true> | undefined {
    const v = this.values.get(kw);
    return v ? { value: true, span: this.optionSpans[kw]! } : undefined;
  }

  /** A text value (name, address, …), narrowed to the enumeration or shape the statement wants. */
  text<V extends string = string>(kw: OptionKeyword): A.Spanned<V> | undefined {
    const v = this.values.get(kw);
    if (!v || v.shape !== 'text') return undefined;
    const spec = optionsOf(this.kind)[kw];
    if (spec?.values && !spec.values.includes(v.text)) {
      const guess = closest(v.text, spec.values);
      this.diagnostics.push(
        diag('VN001', v.span, `unknown ${kw} '${v.text}' for ${this.kind}: expected ${orList(spec.values)}`, {
          hint: guess ? `did you mean '${guess}'?` : undefined,
        }),
      );
      return undefined;
    }
    if (spec?.expect === 'ipv4' && v.token !== 'Ipv4') return this.wrongValue(kw, v.span, 'an IPv4 address (no /prefix)', `'${v.text}'`);
    if (spec?.expect === 'cidr' && v.token !== 'Cidr') return this.wrongValue(kw, v.span, 'an address with a prefix (e.g. 10.0.0.1/24)', `'${v.text}'`);
    if (spec?.expect === 'cidr-or-dhcp' && v.token !== 'Cidr' && v.text !== 'dhcp') return this.wrongValue(kw, v.span, "an address with a prefix (e.g. 10.0.0.1/24) or 'dhcp'", `'${v.text}'`);
    if (spec?.expect === 'string' && v.token !== 'StringLit') return this.wrongValue(kw, v.span, 'a "quoted string"', `'${v.text}'`);
    return { value: v.text as V, span: v.span };
  }

  int(kw: OptionKeyword): A.Spanned<number> | undefined {
    const v = this.values.get(kw);
    if (!v || v.shape !== 'text') return undefined;
    if (v.token !== 'Int') return this.wrongValue(kw, v.span, 'a number', `'${v.text}'`);
    return { value: Number(v.text), span: v.span };
  }

  vlist(kw: OptionKeyword): A.Spanned<A.VlanItem[]> | undefined {
    const v = this.values.get(kw);
    return v?.shape === 'vlist' ? { value: v.items, span: v.span } : undefined;
  }

  onRef(): A.Ref | undefined {
    return this.ref_('on');
  }

  /** A `NAME[@HOST]` option's value (`on`, `in`). */
  ref_(kw: OptionKeyword): A.Ref | undefined {
    const v = this.values.get(kw);
    return v?.shape === 'ref' ? v.ref : undefined;
  }

  nsif(kw: OptionKeyword): A.NsIface | undefined {
    const v = this.values.get(kw);
    return v?.shape === 'nsif' ? v.nsif : undefined;
  }

  names(kw: OptionKeyword): A.Spanned<string>[] | undefined {
    const v = this.values.get(kw);
    return v?.shape === 'names' ? v.names : undefined;
  }

  /** Report required options that are missing; true if all are there. */
  requireOptions(...kws: OptionKeyword[]): boolean {
    let ok = true;
    for (const kw of kws) {
      if (this.values.has(kw)) continue;
      ok = false;
      const spec = optionsOf(this.kind)[kw];
      const example = spec?.values ? ` ${spec.values.join('|')}` : '';
      this.diagnostics.push(
        diag('VN001', this.span, `${this.kind} needs '${kw}'`, { hint: `add '${kw}${example}' to the statement` }),
      );
    }
    return ok;
  }

  /** Options that only make sense in one form of a statement (e.g. `vlan` on `attach … vf`). */
  rejectOptions(kws: OptionKeyword[], why: string): void {
    for (const kw of kws) {
      const span = this.optionSpans[kw];
      if (span) this.diagnostics.push(diag('VN004', span, `'${kw}' does not apply ${why}`));
    }
  }
}

function orList(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, '$1');
}
