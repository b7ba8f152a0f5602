/**
 * A DHCP client's commands: busybox `udhcpc` run inside the endpoint until it has a lease
 * or the bound is up. busybox's udhcpc does not configure the interface itself: it runs a
 * script with the lease in its environment, and vsh ships that script (CLIENT_SCRIPT) to
 * the host. The bound: DISCOVER every second, at most CLIENT_TRIES times (`-t`, `-T 1`),
 * then give up (`-n`); `-q` quits once bound, so nothing is left running (the address
 * stays; the lease is not renewed — give `lease` a value longer than the lab lives).
 */
import type { Command } from '../../exec/command.js';
import { endpointLabel, inEndpoint } from './endpoint.js';
import type { WantClient } from './desired.js';
import { CLIENT_SCRIPT_PATH } from './paths.js';

/** DISCOVERs sent before the client gives up, one a second: the bound on waiting for a lease. */
export const CLIENT_TRIES = 20;

/** What udhcpc runs on `bound`/`renew`/`deconfig`: the lease's address (and router) on the interface. */
export const CLIENT_SCRIPT = `#!/bin/sh
# Written by vsh: applies a lease that busybox udhcpc obtained ($interface $ip $mask $router).
case "$1" in
  deconfig) ip -4 addr flush dev "$interface"; ip link set dev "$interface" up ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/\${mask:-24}" dev "$interface"
    if [ -n "$router" ]; then ip route replace default via "\${router%% *}" dev "$interface"; fi ;;
esac
exit 0
`;

/** Run argv; if it fails, say `message` on stderr (a positional argument: no text of the script's user is in the shell code). */
const orSay = (message: string, argv: readonly string[]): Command => ({
  argv: ['sh', '-c', 'm=$1; shift; "$@" || { r=$?; printf "%s\\n" "$m" >&2; exit $r; }', 'sh', message, ...argv],
});

/** Install the lease script, then run udhcpc in the endpoint and wait (bounded) for a lease. */
export function leaseCommands(c: WantClient): Command[] {
  const who = endpointLabel(c.endpoint, c.iface);
  const servers = c.servers.length > 0 ? `the server that should answer: dnsmasq on ${c.servers.join(', ')}` : 'no dhcp server is declared on this segment';
  const message = `no DHCP lease for ${who} within ${CLIENT_TRIES} s on ${c.segment}; ${servers} (is it running, and does a tunnel carry the VLAN?)`;
  return [
    { argv: ['sh', '-c', 'mkdir -p "${1%/*}" && cat > "$1.new" && chmod 755 "$1.new" && mv "$1.new" "$1"', 'sh', CLIENT_SCRIPT_PATH], stdin: CLIENT_SCRIPT },
    orSay(message, [...inEndpoint(c.endpoint), 'busybox', 'udhcpc', '-i', c.iface, '-n', '-q', '-t', String(CLIENT_TRIES), '-T', '1', '-s', CLIENT_SCRIPT_PATH]),
  ];
}

/** Give the lease back to nobody: take the address (and with it the default route) off the interface. */
export function dropLease(c: WantClient): Command[] {
  return [{ argv: [...inEndpoint(c.endpoint), 'ip', '-4', 'addr', 'flush', 'dev', c.iface] }];
}

/** A check that the interface has an IPv4 address. */
export function hasLease(c: WantClient): Command {
  return { argv: [...inEndpoint(c.endpoint), 'sh', '-c', 'ip -4 -o addr show dev "$1" | grep -q inet', 'sh', c.iface] };
}
