/**
 * The iproute2 argv builders every Linux lowering uses, so that each command is spelled
 * one way: names always follow `name`/`dev` (a port may be called `help` or `type`), and
 * every `ip` command is marked for `ip -batch`.
 */
import type { Command } from '../../exec/command.js';

/** What vsh writes into the alias (ifalias) of every link it creates, and of `lo` in namespaces it creates. */

/** `ip ARGS…` in the host's own namespace, or `ip -n NS ARGS…` inside namespace NS. */
export function ip(ns: string | undefined, ...args: string[]): Command {
  return { argv: ns === undefined ? ['ip', ...args] : ['ip', '-n', ns, ...args], batch: 'ip' };
}

/** `bridge ARGS…` (VLAN membership of bridge ports). */
export function bridgeCmd(...args: string[]): Command {
  return { argv: ['bridge', ...args] };
}

/** `ip link set dev NAME ARGS…`. */
export function linkSet(ns: string | undefined, name: string, ...args: string[]): Command {
  return ip(ns, 'link', 'set', 'dev', name, ...args);
}

/** Delete a link; a veth pair goes with either end, a link's addresses and slaves with it. */
export function linkDel(name: string): Command {
  return ip(undefined, 'link', 'del', 'dev', name);
}

/** Mark a link as created by vsh with `alias` (`linkMark(project)`, ownership.ts): what `destroy` and orphan removal look for. */
export function mark(name: string, alias: string, ns?: string): Command {
  return linkSet(ns, name, 'alias', alias);
}

/** The read-only probe that succeeds once a link exists. */
export function showLink(name: string, ns?: string): Command {
  return ns === undefined ? { argv: ['ip', 'link', 'show', 'dev', name] } : { argv: ['ip', '-n', ns, 'addr', 'show', 'dev', name] };
}
