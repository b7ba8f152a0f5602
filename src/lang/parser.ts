/**
 * The `.vnet` parser: one Chevrotain CstParser instance at module scope, fed one
 * statement at a time (statements end at `;` or a newline, so each is parsed on its
 * own: an error in one statement never hides errors in the next — that is our
 * recovery). Statement heads are written out; option loops are generated from the
 * statement table in grammar.ts.
 */
import { CstParser, type CstNode, type IToken, type TokenType, type IRecognitionException } from 'chevrotain';
import * as T from './tokens.js';
import { errorMessages } from './syntax-messages.js';
import { OPTION_SHAPES, STATEMENTS, type OptionKeyword, type StatementKeyword, type ValueShape } from './grammar.js';

type Alt = { ALT: () => void };

class VnetParser extends CstParser {
  /** Rule per option keyword, e.g. `opt_tag`. */
  private readonly optionRules = new Map<string, (idx?: number) => CstNode>();
  /** The precomputed option alternatives of each statement (same array every call). */
  private readonly optionAlts = new Map<string, Alt[]>();

  constructor() {
    // Grammar validation costs ~10 ms of every cold start; the test suite runs it (VITEST is set there).
    super(T.allTokens, { recoveryEnabled: false, maxLookahead: 3, errorMessageProvider: errorMessages, nodeLocationTracking: 'onlyOffset', skipValidations: !process.env.VITEST });
    const self = this as any;

    self.RULE('ref', () => {
      this.CONSUME1(T.AnyName);
      this.OPTION(() => {
        this.CONSUME(T.At);
        this.CONSUME2(T.AnyName);
      });
    });
    self.RULE('vlist', () => {
      this.AT_LEAST_ONE_SEP({
        SEP: T.Comma,
        DEF: () => this.OR([{ ALT: () => this.CONSUME(T.IntRange) }, { ALT: () => this.CONSUME(T.Int) }]),
      });
    });

    for (const [kw, shape] of Object.entries(OPTION_SHAPES)) {
      const token = T.keywords.get(kw)!;
      const rule = self.RULE(optionRule(kw as OptionKeyword), () => {
        this.CONSUME(token);
        this.value(shape);
      });
      this.optionRules.set(kw, rule);
    }
    for (const [stmt, spec] of Object.entries(STATEMENTS)) {
      this.optionAlts.set(
        stmt,
        Object.keys(spec.options).map((kw) => ({ ALT: () => this.SUBRULE(this.optionRules.get(kw)!) })),
      );
    }

    self.RULE('statement', () => {
      this.OR(
        (Object.keys(STATEMENTS) as StatementKeyword[]).map((k) => ({ ALT: () => this.SUBRULE(self[k + 'Stmt']) })),
      );
    });

    // Heads that are a keyword and one name.
    for (const k of ['host', 'use', 'bridge', 'port', 'namespace', 'network', 'portgroup', 'sriov', 'macvtap', 'bond', 'vlan'] as const) {
      self.RULE(k + 'Stmt', () => {
        this.CONSUME(T.keywords.get(k)!);
        this.CONSUME(T.AnyName);
        this.options(k);
      });
    }
    self.RULE('tunnelStmt', () => {
      this.CONSUME(T.Tunnel);
      this.CONSUME(T.AnyName);
      this.SUBRULE1(self.ref);
      this.CONSUME(T.Arrow);
      this.SUBRULE2(self.ref);
      this.options('tunnel');
    });
    self.RULE('attachStmt', () => {
      this.CONSUME(T.Attach);
      this.CONSUME1(T.AnyName);
      this.CONSUME(T.To);
      this.OR([
        {
          GATE: () => this.LA(2).tokenType === T.VfRef,
          ALT: () => {
            this.CONSUME(T.Vf);
            this.CONSUME(T.VfRef);
          },
        },
        { ALT: () => this.CONSUME2(T.AnyName) },
      ]);
      this.options('attach');
    });
    self.RULE('routeStmt', () => {
      this.CONSUME(T.keywords.get('route')!);
      this.OR([{ ALT: () => this.CONSUME(T.Cidr) }, { ALT: () => this.CONSUME(T.AnyName) }]);
      this.options('route');
    });
    self.RULE('natStmt', () => {
      this.CONSUME(T.keywords.get('nat')!);
      this.CONSUME(T.AnyName);
      this.options('nat');
    });
    self.RULE('linkStmt', () => {
      this.CONSUME(T.keywords.get('link')!);
      this.SUBRULE1(self.ref);
      this.CONSUME(T.Arrow);
      this.SUBRULE2(self.ref);
      this.options('link');
    });
    // `ovn central|chassis HOST …` and `logical switch|router|port|link|uplink|route …`: two-word heads.
    self.RULE('ovnStmt', () => {
      this.CONSUME(T.keywords.get('ovn')!);
      this.OR([{ ALT: () => this.CONSUME(T.Central) }, { ALT: () => this.CONSUME(T.keywords.get('chassis')!) }]);
      this.CONSUME(T.AnyName);
      this.options('ovn');
    });
    // `address MAC IPV4|dynamic` of a logical port: the one option whose value is two words.
    self.RULE('lspAddress', () => {
      this.CONSUME(T.Address);
      this.OR([
        {
          ALT: () => {
            this.CONSUME(T.Mac);
            this.CONSUME(T.Ipv4);
          },
        },
        { ALT: () => this.CONSUME(T.Dynamic) },
      ]);
    });
    self.RULE('logicalStmt', () => {
      this.CONSUME(T.keywords.get('logical')!);
      this.OR([
        { ALT: () => { this.CONSUME(T.Switch); this.CONSUME1(T.AnyName); } },
        { ALT: () => { this.CONSUME(T.Router); this.CONSUME2(T.AnyName); } },
        { ALT: () => { this.CONSUME(T.Port); this.CONSUME3(T.AnyName); } },
        { ALT: () => { this.CONSUME(T.Link); this.CONSUME4(T.AnyName); this.CONSUME(T.To); this.CONSUME5(T.AnyName); } },
        { ALT: () => { this.CONSUME(T.Uplink); this.CONSUME6(T.AnyName); } },
        {
          ALT: () => {
            this.CONSUME(T.Route);
            this.CONSUME(T.On);
            this.CONSUME7(T.AnyName);
            this.OR1([{ ALT: () => this.CONSUME(T.Cidr) }, { ALT: () => this.CONSUME(T.Default) }]);
          },
        },
      ]);
      const alts = [...this.optionAlts.get('logical')!, { ALT: () => this.SUBRULE(self.lspAddress) }];
      this.MANY9(() => this.OR9(alts));
    });
    self.RULE('expectStmt', () => {
      this.CONSUME(T.Expect);
      this.OR([{ ALT: () => this.CONSUME(T.Reach) }, { ALT: () => this.CONSUME(T.Noreach) }]);
      this.SUBRULE(self.ref);
      this.CONSUME(T.Ipv4);
    });
    self.RULE('containerStmt', () => {
      this.CONSUME(T.keywords.get('container')!);
      this.CONSUME(T.AnyName);
      this.options('container');
    });
    // `dhcp on BRIDGE …`: the head is the keyword alone (a segment has one server, it needs no name).
    self.RULE('dhcpStmt', () => {
      this.CONSUME2(T.Dhcp);
      this.options('dhcp');
    });
    self.RULE('flowStmt', () => {
      this.CONSUME(T.keywords.get('flow')!);
      this.options('flow');
    });

    this.performSelfAnalysis();
  }

  private options(stmt: string): void {
    const alts = this.optionAlts.get(stmt)!;
    if (alts.length === 0) return;
    this.MANY9(() => this.OR9(alts));
  }

  private value(shape: ValueShape): void {
    const self = this as any;
    switch (shape) {
      case 'flag':
        return;
      case 'name':
        this.CONSUME(T.Word);
        return;
      case 'int':
        this.CONSUME(T.Int);
        return;
      case 'vlist':
        this.SUBRULE(self.vlist);
        return;
      case 'cidr':
        this.CONSUME(T.Cidr);
        return;
      case 'ipv4':
        this.CONSUME(T.Ipv4);
        return;
      case 'addr':
        this.OR([{ ALT: () => this.CONSUME1(T.Cidr) }, { ALT: () => this.CONSUME1(T.Ipv4) }, { ALT: () => this.CONSUME1(T.Dhcp) }]);
        return;
      case 'iprange':
        this.CONSUME(T.IpRange);
        return;
      case 'mac':
        this.CONSUME(T.Mac);
        return;
      case 'string':
        this.CONSUME(T.StringLit);
        return;
      case 'keyval':
        this.OR([{ ALT: () => this.CONSUME2(T.StringLit) }, { ALT: () => this.CONSUME2(T.Int) }]);
        return;
      case 'ref':
        this.SUBRULE(self.ref);
        return;
      case 'nsif':
        this.CONSUME1(T.AnyName);
        this.CONSUME(T.Colon);
        this.CONSUME2(T.AnyName);
        return;
      case 'names':
        this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.CONSUME3(T.AnyName) });
        return;
      case 'image':
        this.OR3([{ ALT: () => this.CONSUME3(T.StringLit) }, { ALT: () => this.CONSUME(T.ImageRef) }, { ALT: () => this.CONSUME4(T.AnyName) }]);
        return;
      case 'pairs':
        this.AT_LEAST_ONE_SEP1({
          SEP: T.Comma,
          DEF: () => {
            this.CONSUME5(T.AnyName);
            this.CONSUME1(T.Colon);
            this.CONSUME6(T.AnyName);
          },
        });
        return;
    }
  }

  /** Parse one statement's tokens (no separators). */
  parseStatement(tokens: IToken[]): { cst?: CstNode; errors: IRecognitionException[] } {
    this.input = tokens;
    const cst = (this as any).statement() as CstNode;
    return { cst: this.errors.length === 0 ? cst : undefined, errors: this.errors };
  }
}

/** The rule of an option keyword: `known-hosts` → `opt_known_hosts`. */
function optionRule(kw: OptionKeyword): string {
  return 'opt_' + kw.replace(/-/g, '_');
}

/** The single parser instance (Chevrotain parsers are built once and reused). */
export const parser = new VnetParser();

const OPTION_OF_RULE = new Map((Object.keys(OPTION_SHAPES) as OptionKeyword[]).map((kw) => [optionRule(kw), kw]));

/** The option keyword behind an `opt_*` rule name (a map: the builder asks for every child of every statement). */
export function optionOfRule(ruleName: string): OptionKeyword | undefined {
  return OPTION_OF_RULE.get(ruleName);
}

export type { TokenType };
