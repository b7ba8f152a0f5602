/**
 * Tokens of the `.vnet` language (LANGUAGE.md §1).
 *
 * Keywords are reserved only where the grammar expects a keyword: every keyword is also
 * in the `AnyName` category, so a rule that wants a name accepts `port bridge` as a port
 * called "bridge". `longer_alt: Name` makes `br-int` or `vlan-10` lex as one name
 * rather than a keyword followed by junk.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';
import { OPTION_SHAPES, STATEMENT_KEYWORDS } from './grammar.js';

/**
 * Category matched by a word-valued option (`mode 802.3ad`, `uplink eth1`): every name,
 * plus `802.3ad`, which is a bond mode but not a NAME (names start with a letter or `_`).
 */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA, label: 'a name' });

/** Category matched wherever the grammar wants a name: plain names and all keywords. */
export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA, categories: [Word], label: 'a name' });

export const Name = createToken({
  name: 'Name',
  pattern: /[A-Za-z_][A-Za-z0-9_.-]*/,
  categories: [AnyName],
  label: 'a name',
});

/** `ens1f0#2`: a PF name, `#`, a VF index. Lexed whole so that `#` is not a comment here. */
export const VfRef = createToken({
  name: 'VfRef',
  pattern: /[A-Za-z_][A-Za-z0-9_.-]*#[0-9]+/,
  label: 'a VF reference (PF#N)',
});

/**
 * A container image with a path (`localhost/vsh-busybox:latest`, `quay.io/org/img:1.2`):
 * the only word with a `/` that starts with a letter, so it never takes a CIDR or a name.
 */
export const ImageRef = createToken({
  name: 'ImageRef',
  pattern: /[A-Za-z][A-Za-z0-9_.-]*(?::[0-9]+)?(?:\/[A-Za-z0-9_.-]+)+(?::[A-Za-z0-9_.-]+)?(?:@sha256:[0-9a-f]{64})?/,
  label: 'an image (registry/name:tag)',
});

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r]+/, group: Lexer.SKIPPED });
/**
 * A `\` at the end of a line joins it with the next. At the very end of the input it
 * is still a continuation (the REPL then asks for the next line: `incomplete`), not a
 * stray character.
 */
export const LineContinuation = createToken({
  name: 'LineContinuation',
  pattern: /\\[ \t]*(?:\r?\n|(?![\s\S]))/,
  // Kept out of the token stream, but in its own group so that parse.ts can see a
  // continuation that ends the input.
  group: 'continuation',
  line_breaks: true,
});

/**
 * `#` starts a comment only at line start or after whitespace/`;` (so `ens1f0#2` stays
 * a VF reference); a custom matcher looks one character back.
 */
export const Comment = createToken({
  name: 'Comment',
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      if (text.charCodeAt(offset) !== 35 /* # */) return null;
      const before = offset === 0 ? '\n' : text[offset - 1]!;
      if (!/[\s;]/.test(before)) return null;
      let end = text.indexOf('\n', offset);
      if (end === -1) end = text.length;
      const match = [text.slice(offset, end)] as unknown as RegExpExecArray;
      return match;
    },
  },
  start_chars_hint: ['#'],
  line_breaks: false,
  group: Lexer.SKIPPED,
});

export const Newline = createToken({ name: 'Newline', pattern: /\n/, line_breaks: true, label: 'end of line' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/, label: "';'" });
export const Arrow = createToken({ name: 'Arrow', pattern: /<->/, label: "'<->'" });
export const At = createToken({ name: 'At', pattern: /@/, label: "'@'" });
export const Colon = createToken({ name: 'Colon', pattern: /:/, label: "':'" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });

export const StringLit = createToken({ name: 'StringLit', pattern: /"(?:[^"\\\n]|\\.)*"/, label: 'a "string"' });
export const Cidr = createToken({ name: 'Cidr', pattern: /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\/\d{1,2}/, label: 'an address/prefix (CIDR)' });
export const IpRange = createToken({
  name: 'IpRange',
  pattern: /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}-\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/,
  label: 'an address range (A.B.C.D-E.F.G.H)',
});
export const Ipv4 = createToken({ name: 'Ipv4', pattern: /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/, label: 'an IPv4 address' });
export const Mac = createToken({
  name: 'Mac',
  pattern: /[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}/,
  label: 'a MAC address',
});
/** `802.3ad`, the one bond mode that does not look like a name. */
export const Lacp8023ad = createToken({ name: 'Lacp8023ad', pattern: /802\.3ad/, categories: [Word], label: "'802.3ad'" });
export const IntRange = createToken({ name: 'IntRange', pattern: /\d+-\d+/, label: 'a range (N-M)' });
export const Int = createToken({ name: 'Int', pattern: /\d+/, label: 'a number' });

/** Every keyword, by its spelling. Filled by `keyword()`. */
export const keywords = new Map<string, TokenType>();

function keyword(word: string): TokenType {
  const name = 'Kw_' + word.replace(/-/g, '_');
  const token = createToken({
    name,
    pattern: new RegExp(word.replace(/[-.]/g, (c) => '\\' + c)),
    longer_alt: Name,
    categories: [AnyName],
    label: `'${word}'`,
  });
  keywords.set(word, token);
  return token;
}

// Statement heads.
export const Host = keyword('host');
export const Use = keyword('use');
export const Bridge = keyword('bridge');
export const Port = keyword('port');
export const Namespace = keyword('namespace');
export const Tunnel = keyword('tunnel');
export const Network = keyword('network');
export const Portgroup = keyword('portgroup');
export const Attach = keyword('attach');
export const Sriov = keyword('sriov');
export const Macvtap = keyword('macvtap');
export const Bond = keyword('bond');
export const Vlan = keyword('vlan');
export const Expect = keyword('expect');

// Words that only appear as options or inside a statement head.
export const Local = keyword('local');
export const Datapath = keyword('datapath');
export const Address = keyword('address');
export const User = keyword('user');
export const Key = keyword('key');
export const KnownHosts = keyword('known-hosts');
export const Jump = keyword('jump');
export const Underlay = keyword('underlay');
export const On = keyword('on');
export const Kind = keyword('kind');
export const Mtu = keyword('mtu');
export const Stp = keyword('stp');
export const Uplink = keyword('uplink');
export const Type = keyword('type');
export const Tag = keyword('tag');
export const Trunk = keyword('trunk');
export const Native = keyword('native');
export const Peer = keyword('peer');
export const Vni = keyword('vni');
export const Dstport = keyword('dstport');
export const NameKw = keyword('name');
export const Mode = keyword('mode');
export const Dev = keyword('dev');
export const Subnet = keyword('subnet');
export const Gateway = keyword('gateway');
export const Dhcp = keyword('dhcp');
export const Domain = keyword('domain');
export const Virtualport = keyword('virtualport');
export const Autostart = keyword('autostart');
export const Of = keyword('of');
export const Default = keyword('default');
export const To = keyword('to');
export const Model = keyword('model');
export const MacKw = keyword('mac');
export const Live = keyword('live');
export const Config = keyword('config');
export const Vfs = keyword('vfs');
export const Vf = keyword('vf');
export const Link = keyword('link');
export const Slaves = keyword('slaves');
export const LacpKw = keyword('lacp');
export const Reach = keyword('reach');
export const Noreach = keyword('noreach');
export const Central = keyword('central');
export const Switch = keyword('switch');
export const Router = keyword('router');
export const Route = keyword('route');
export const Dynamic = keyword('dynamic');

// Every statement keyword and option keyword of the grammar is a keyword token, so a new
// statement or option needs no line above (only words inside a head, like `to`, do).
for (const word of [...STATEMENT_KEYWORDS, ...Object.keys(OPTION_SHAPES)]) if (!keywords.has(word)) keyword(word);

/**
 * Lexer order matters: longer/more specific patterns first (a CIDR before an IPv4, an
 * IPv4 before a number, a VF reference before a name, keywords before `Name`).
 */
export const allTokens: TokenType[] = [
  LineContinuation,
  WhiteSpace,
  Comment,
  Newline,
  Semicolon,
  Arrow,
  At,
  StringLit,
  Cidr,
  IpRange,
  Ipv4,
  Lacp8023ad,
  Mac,
  Colon,
  Comma,
  IntRange,
  Int,
  VfRef,
  ImageRef,
  // Longest keyword first: `portgroup` must be tried before `port`, `vfs` before `vf`.
  ...[...keywords.entries()].sort((a, b) => b[0].length - a[0].length).map(([, t]) => t),
  Name,
  AnyName,
  Word,
];
