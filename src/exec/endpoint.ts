/**
 * Where a probe or a command runs: a declared host itself, or a network namespace on it
 * (containers will be a third kind: `nsenter -t PID -n`). `inEndpoint` is the ONE place
 * that turns "run this argv there" into the argv a host's executor runs; the executor
 * quotes it for SSH (command.ts), so no shell string is ever built from user text.
 */
import type { Command } from './command.js';

export type EndpointKind = 'host' | 'netns';

/** A place argv can run in: a host's root namespace, or a namespace on that host. */
export interface Endpoint {
  kind: EndpointKind;
  host: string;
  /** The namespace's name (for `host`, the host's name). */
  name: string;
}

/** How people write it: `ns1@hostA`, or `hostA` for the host itself. */
export const endpointLabel = (e: Endpoint): string => (e.kind === 'host' ? e.host : `${e.name}@${e.host}`);

/** The command that runs `argv` inside the endpoint, on the endpoint's host. */
export function inEndpoint(e: Endpoint, argv: readonly string[], options: Omit<Command, 'argv'> = {}): Command {
  switch (e.kind) {
    case 'host':
      return { ...options, argv: [...argv] };
    case 'netns':
      return { ...options, argv: ['ip', 'netns', 'exec', e.name, ...argv] };
  }
}
