/** `virsh` commands as argv. */
import type { Command } from '../../exec/command.js';

export const virsh = (...args: string[]): Command => ({ argv: ['virsh', ...args] });

/**
 * `virsh ARGS…` where one argument is `/dev/stdin`, with `xml` on stdin. virsh opens
 * `/dev/stdin` by path, which fails (ENXIO) when stdin is a socket — as it is under
 * Node's child_process and some SSH servers — so a constant script puts a pipe in between.
 */
export function virshStdin(xml: string, ...args: string[]): Command {
  return { argv: ['sh', '-c', 'cat | virsh "$@"', 'sh', ...args], stdin: xml };
}
