/** `FILE… from NS[@HOST] to IPV4 [proto icmp|tcp|udp] [port N]`: the words of `vsh trace` and the shell's `trace`. */
import { parseIpv4 } from '../lang/ip.js';
import type { TraceProto, TraceRequest } from './trace.js';

export const TRACE_USAGE = 'trace FILE… from NS[@HOST] to IPV4 [proto icmp|tcp|udp] [port N]';

/** The files (before `from`) and the request; a string says what is wrong. */
export function parseTraceArgs(words: readonly string[]): { files: string[]; request: TraceRequest } | string {
  const from = words.indexOf('from');
  if (from === -1) return `missing 'from NS[@HOST]' (usage: ${TRACE_USAGE})`;
  const files = words.slice(0, from);
  const rest = words.slice(from + 1);
  const [endpoint, toKw, to, ...opts] = rest;
  if (!endpoint || toKw !== 'to' || !to) return `expected 'from NS[@HOST] to IPV4' (usage: ${TRACE_USAGE})`;
  if (parseIpv4(to) === undefined) return `'${to}' is not an IPv4 address`;
  const [ns, host, more] = endpoint.split('@');
  if (!ns || more !== undefined || host === '') return `'${endpoint}' is not NS or NS@HOST`;
  let proto: TraceProto = 'icmp';
  let port: number | undefined;
  for (let i = 0; i < opts.length; i += 2) {
    const [k, v] = [opts[i], opts[i + 1]];
    if (k === 'proto' && (v === 'icmp' || v === 'tcp' || v === 'udp')) proto = v;
    else if (k === 'port' && v && /^\d+$/.test(v) && Number(v) <= 65535) port = Number(v);
    else return `unexpected '${[k, v].filter(Boolean).join(' ')}': expected 'proto icmp|tcp|udp' or 'port N' (0-65535)`;
  }
  if (port !== undefined && proto === 'icmp') return `'port' needs 'proto tcp' or 'proto udp'`;
  return { files, request: { ns, ...(host ? { host } : {}), to, proto, ...(port !== undefined ? { port } : {}) } };
}
