/** How ovs-ofctl reads the values of match fields and action arguments: numbers, ports, MACs, IPv4/IPv6 with masks. */
import { parseIpv4 } from '../ip.js';
import { RESERVED_PORTS, type ValueShape } from './fields.js';

const PORT_NAME = /^[A-Za-z0-9_.@+-]{1,15}$/;
const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;
const HEX = /^0x[0-9a-fA-F]+$/;
export const DEC = /^[0-9]+$/;

/** A number as ovs-ofctl reads it (decimal or 0x hex) that fits `bits`; undefined if not. */
export function readInt(text: string, bits: number): bigint | undefined {
  if (!DEC.test(text) && !HEX.test(text)) return undefined;
  const n = BigInt(text);
  return n < 1n << BigInt(bits) ? n : undefined;
}

/** Why a port is not one ovs-ofctl reads (a number, a reserved port, a port name), or undefined. */
export function portProblem(v: string): string | undefined {
  if (DEC.test(v)) return Number(v) > 0xffff ? `port number ${v} is out of range` : undefined;
  if (RESERVED_PORTS.includes(v) || PORT_NAME.test(v)) return undefined;
  return `'${v}' is not a port number or a port name`;
}

function ipv4Problem(v: string): string | undefined {
  const [addr, mask, more] = v.split('/');
  if (more !== undefined || parseIpv4(addr!) === undefined) return `'${v}' is not an IPv4 address (A.B.C.D or A.B.C.D/N)`;
  if (mask === undefined) return undefined;
  if (DEC.test(mask)) return Number(mask) <= 32 ? undefined : `prefix /${mask} is longer than 32`;
  return parseIpv4(mask) === undefined ? `'${mask}' is not a prefix length or an IPv4 mask` : undefined;
}

function ipv6Problem(v: string): string | undefined {
  const [addr, mask] = v.split('/');
  const ok = /^[0-9a-fA-F:.]+$/.test(addr!) && addr!.includes(':') && (addr!.match(/::/g) ?? []).length <= 1;
  if (!ok) return `'${v}' is not an IPv6 address`;
  if (mask !== undefined && !(DEC.test(mask) && Number(mask) <= 128)) return `'/${mask}' is not an IPv6 prefix length`;
  return undefined;
}

/** Why `v` is not a value of that shape, or undefined. */
export function valueProblem(shape: ValueShape, v: string): string | undefined {
  if (v === '') return 'the value is missing';
  switch (shape.kind) {
    case 'port':
      return portProblem(v);
    case 'mac': {
      const [mac, mask, more] = v.split('/');
      if (more !== undefined || !MAC.test(mac!) || (mask !== undefined && !MAC.test(mask))) return `'${v}' is not a MAC address (xx:xx:xx:xx:xx:xx[/mask])`;
      return undefined;
    }
    case 'ipv4':
      return ipv4Problem(v);
    case 'ipv6':
      return ipv6Problem(v);
    case 'int': {
      const [n, mask, more] = v.split('/');
      if (more !== undefined || (mask !== undefined && !shape.masked)) return `'${v}': this field takes no /mask`;
      for (const part of mask === undefined ? [n!] : [n!, mask]) {
        if (readInt(part, shape.bits) === undefined) return `'${part}' is not a number that fits in ${shape.bits} bits (decimal or 0x hex)`;
      }
      return undefined;
    }
    case 'enum':
      return shape.values.includes(v) ? undefined : `'${v}' is not one of ${shape.values.join(', ')}`;
    case 'flags': {
      const words = v.split(/[+\-|]/).filter((w) => w !== '');
      const bad = words.find((w) => !shape.values.includes(w));
      return words.length === 0 || bad !== undefined ? `'${bad ?? v}' is not one of ${shape.values.join(', ')} (write +flag-flag)` : undefined;
    }
  }
}

