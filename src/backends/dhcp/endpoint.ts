/**
 * Running a command inside an endpoint's network stack. Today an endpoint is a network
 * namespace (`ip netns exec NS …`); a container endpoint (found from its pid:
 * `nsenter -t PID -n …`) only needs another case here. The host's own programs run in
 * there (busybox, ip), so the endpoint needs none of its own.
 */

/** An endpoint: where a veth peer lives. */
export type Endpoint = { kind: 'netns'; name: string };

/** The endpoint of a veth peer `NS:IF` (a namespace; containers join here). */
export const endpointOf = (ns: string): Endpoint => ({ kind: 'netns', name: ns });

/** The argv prefix that runs the rest of an argv inside the endpoint. */
export function inEndpoint(e: Endpoint): string[] {
  switch (e.kind) {
    case 'netns':
      return ['ip', 'netns', 'exec', e.name];
  }
}

/** How messages name an endpoint's interface: `cli:eth0`. */
export const endpointLabel = (e: Endpoint, iface: string): string => `${e.name}:${iface}`;
