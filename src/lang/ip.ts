/** IPv4 arithmetic for the address checks (VN130–VN132) and lowering. */

/** `10.0.0.1` → 32-bit unsigned number, or undefined if not a valid dotted quad. */
export function parseIpv4(text: string): number | undefined {
  return parseIpv4Between(text, 0, text.length);
}

/**
 * `text[from, to)` as four dotted decimal octets (1-3 digits each, at most 255), read
 * character by character: the checks parse every address of a script, several times, and
 * splitting each into arrays and testing each part with a regex was a visible cost.
 */
function parseIpv4Between(text: string, from: number, to: number): number | undefined {
  let n = 0;
  let octets = 0;
  let i = from;
  while (octets < 4) {
    let v = 0;
    let digits = 0;
    for (; i < to; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      v = v * 10 + c;
      digits++;
    }
    if (digits === 0 || digits > 3 || v > 255) return undefined;
    n = n * 256 + v;
    octets++;
    if (octets < 4) {
      if (i >= to || text.charCodeAt(i) !== 46 /* . */) return undefined;
      i++;
    }
  }
  return i === to ? n : undefined;
}

export function formatIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

export interface Cidr {
  /** The address as written (may have host bits set: 10.0.0.1/24). */
  address: number;
  prefix: number;
  /** First and last address of the subnet. */
  network: number;
  broadcast: number;
}

/** `10.0.0.1/24` → parts, or undefined if the address or prefix is invalid. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  const len = text.slice(slash + 1);
  if (slash < 0 || !/^\d{1,2}$/.test(len)) return undefined;
  const address = parseIpv4Between(text, 0, slash);
  const prefix = Number(len);
  if (address === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const network = Math.floor(address / size) * size;
  return { address, prefix, network, broadcast: network + size - 1 };
}

/** `A.B.C.D-E.F.G.H` → [start, end], or undefined if either address is invalid. */
export function parseRange(text: string): [number, number] | undefined {
  const [a, b] = text.split('-');
  const start = a === undefined ? undefined : parseIpv4(a);
  const end = b === undefined ? undefined : parseIpv4(b);
  return start === undefined || end === undefined ? undefined : [start, end];
}

export function inSubnet(ip: number, c: Cidr): boolean {
  return ip >= c.network && ip <= c.broadcast;
}

export function subnetsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network <= b.broadcast && b.network <= a.broadcast;
}

/** The netmask in dotted form (libvirt's `netmask=` attribute). */
export function netmask(prefix: number): string {
  return formatIpv4(prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0);
}

/** `10.0.0.0/24` as written by people: network address and prefix. */
export function formatSubnet(c: Cidr): string {
  return `${formatIpv4(c.network)}/${c.prefix}`;
}

/**
 * The host's own address in a network written as `subnet`: the address itself when it has
 * host bits set (`192.168.100.1/24`, or a /32), else the first host address (.1). One rule
 * for the VN131 check and the libvirt lowering.
 */
export function impliedGateway(c: Cidr): number {
  return c.address !== c.network || c.prefix === 32 ? c.address : c.network + 1;
}
