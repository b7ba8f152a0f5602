/**
 * The one diagnostic type used by every phase (lexer, parser, checks, backends), and the
 * table of stable codes (CHECKS.md plus the project's own, docs/checks.md).
 */

/** A range of source text. Lines and columns are 1-based; `endColumn` is exclusive. */
export interface Span {
  file: string;
  /** 0-based character offsets into the file's text: [offset, endOffset). */
  offset: number;
  endOffset: number;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type Severity = 'error' | 'warning' | 'info';

/** A second place that matters ("first defined here"). */
export interface Related {
  span: Span;
  message: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: Span;
  hint?: string;
  related?: Related[];
}

/** Every code vsh emits, with its default severity and a one-line summary. */
export const CODES = {
  VN001: ['error', 'syntax error'],
  VN002: ['error', 'invalid Linux interface name'],
  VN003: ['error', 'the same option twice in one statement'],
  VN004: ['error', 'an option that does not apply in this combination'],
  VN100: ['error', 'unknown host'],
  VN101: ['error', 'unknown bridge'],
  VN102: ['error', 'unknown network, portgroup or namespace reference'],
  VN103: ['error', 'no context for a statement that needs one'],
  VN104: ['warning', 'the same object declared twice (merged)'],
  VN105: ['error', 'the same object redeclared with conflicting attributes'],
  VN106: ['error', 'one interface name used for two different things on one host'],
  VN110: ['error', 'VLAN id out of range'],
  VN111: ['error', 'tag and trunk without native, or native VLAN not in the trunk'],
  VN112: ['error', 'one interface attached to two bridges, or twice to one'],
  VN113: ['warning', 'a VLAN with access ports on both ends is not carried by the tunnel'],
  VN114: ['info', 'a tunnel trunk carries a VLAN with no access port on one end'],
  VN115: ['error', 'VLAN tags on a linux bridge port without vlan filtering'],
  VN116: ['warning', "a VLAN tag on a libvirt guest's vnet port is lost on restart"],
  VN120: ['error', 'tunnel from a host to itself'],
  VN121: ['error', "the tunnel's bridge does not exist on one end"],
  VN122: ['error', 'layer-2 loop'],
  VN123: ['error', 'two tunnels of one type between the same bridges with the same key'],
  VN124: ['warning', 'inner MTU plus encapsulation exceeds the underlay MTU'],
  VN125: ['error', 'tunnel ends on bridges of different kinds that cannot be joined'],
  VN126: ['error', 'a tunnel end has no underlay address'],
  VN130: ['error', 'overlapping subnets on one host'],
  VN131: ['error', 'address, gateway or DHCP range outside its subnet'],
  VN132: ['error', 'the same IP address twice in one layer-2 segment'],
  VN133: ['error', "a libvirt network's bridge name clashes"],
  VN134: ['error', 'network mode and options disagree'],
  VN135: ['error', 'portgroup problem'],
  VN136: ['error', 'a multicast MAC address on a guest interface'],
  VN140: ['error', 'more VFs than the device supports'],
  VN141: ['error', 'VF index not below the declared vfs'],
  VN142: ['error', 'one VF attached to two domains'],
  VN143: ['error', 'a passthru macvtap shares its link'],
  VN144: ['error', 'one NIC used twice'],
  VN145: ['warning', 'LACP bond with a single slave'],
  VN146: ['error', 'a bond Open vSwitch cannot build'],
  VN150: ['error', 'expect names an undeclared namespace'],
  VN160: ['error', 'route, nat or expect names an endpoint nothing creates'],
  VN165: ['error', "a route's next hop is on no connected subnet"],
  VN166: ['warning', 'traffic routed through a namespace that does not forward'],
  VN167: ['error', 'two routes to one destination in one namespace'],
  VN161: ['error', 'a container and a namespace share a name on one host'],
  VN180: ['error', 'a logical statement without an ovn central'],
  VN181: ['error', 'an OVN statement on an undeclared host or a host that is not an ovn chassis'],
  VN182: ['error', "an uplink's physical network has no bridge mapping on its chassis"],
  VN183: ['error', 'a logical address outside its subnet, used twice on a switch, or overlapping router ports'],
  VN184: ['error', "a logical route's next hop outside every subnet of its router"],
  VN200: ['error', 'a host could not be read'],
  VN201: ['error', 'a host lacks what a statement needs'],
  VN162: ['error', "'address dhcp' on a segment no dhcp server reaches"],
  VN163: ['warning', 'two dhcp servers on one segment'],
  VN164: ['error', 'a dhcp range outside its subnet, reversed, or holding the server or gateway address'],
  VN170: ['error', 'a flow match or action that OpenFlow does not accept'],
  VN171: ['error', 'a flow on a bridge that is not an Open vSwitch bridge'],
  VN172: ['warning', 'two flows on one bridge and table with the same priority and match'],
  VN190: ['error', 'an IPv4 number written with a leading zero'],
  VN191: ['error', 'an SSH port outside 1-65535'],
  VN192: ['error', 'input vsh will not read: too large, too many statements, or binary'],
} as const satisfies Record<string, readonly [Severity, string]>;

export type Code = keyof typeof CODES;

/** Build a diagnostic with the code's default severity. */
export function diag(
  code: Code,
  span: Span,
  message: string,
  extra: { hint?: string | undefined; related?: Related[]; severity?: Severity } = {},
): Diagnostic {
  const d: Diagnostic = { code, severity: extra.severity ?? CODES[code][0], message, span };
  if (extra.hint) d.hint = extra.hint;
  if (extra.related && extra.related.length > 0) d.related = extra.related;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Order diagnostics by file order of appearance, then position, then code. */
export function sortDiagnostics(diagnostics: Diagnostic[], fileOrder: readonly string[] = []): Diagnostic[] {
  const rank = (f: string) => {
    const i = fileOrder.indexOf(f);
    return i === -1 ? fileOrder.length : i;
  };
  return diagnostics.sort(
    (a, b) =>
      rank(a.span.file) - rank(b.span.file) ||
      a.span.offset - b.span.offset ||
      a.code.localeCompare(b.code),
  );
}
