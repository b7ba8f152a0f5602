import { describe, expect, it } from 'vitest';
import { parseNat, parseRoutes, type L3State } from '../../../src/backends/l3/read.js';
import { planL3 } from '../../../src/backends/l3/steps.js';
import type { L3Desired } from '../../../src/backends/l3/desired.js';

// Captured from Debian 12 (iproute2 6.1, nftables 1.0.6) on vsh lab.
const IP_J_ROUTE = '[{"dst":"default","gateway":"10.0.10.1","dev":"eth0","flags":[]},{"dst":"10.0.0.0/16","gateway":"10.99.0.1","dev":"mgmt99","protocol":"118","flags":[]}]';
const NFT_J =
  '{"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}, {"table": {"family": "ip", "name": "vsh_routed", "handle": 2}}, ' +
  '{"chain": {"family": "ip", "table": "vsh_routed", "name": "postrouting", "handle": 1, "type": "nat", "hook": "postrouting", "prio": 100, "policy": "accept"}}, ' +
  '{"rule": {"family": "ip", "table": "vsh_routed", "chain": "postrouting", "handle": 2, "comment": "vsh", "expr": [{"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, "right": "up"}}, ' +
  '{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": {"prefix": {"addr": "10.0.0.0", "len": 16}}}}, {"masquerade": null}]}}]}';

const span = { file: 't.vnet', line: 1, column: 1, offset: 0, length: 1 } as never;

function desired(over: Partial<L3Desired> = {}): L3Desired {
  return { forward: new Map(), routes: [], nats: [], ownedNamespaces: new Set(['router', 'c10']), ...over };
}

function state(over: Partial<L3State> = {}): L3State {
  return { routes: new Map(), forward: new Map(), nat: new Map(), nft: true, ...over };
}

describe('l3 driver: read back', () => {
  it('ip -j route (default and a CIDR) and nft -j list table read back as written', () => {
    expect(parseRoutes('c10', IP_J_ROUTE)).toEqual([
      { ns: 'c10', dest: 'default', via: '10.0.10.1', dev: 'eth0' },
      { ns: 'c10', dest: '10.0.0.0/16', via: '10.99.0.1', dev: 'mgmt99' },
    ]);
    expect(parseNat(NFT_J)).toEqual([{ out: 'up', source: '10.0.0.0/16' }]);
  });
});

describe('l3 driver: NAT diff', () => {
  it('the same rules read back: no step', () => {
    const d = desired({ nats: [{ ns: 'router', out: 'up', source: '10.0.0.0/16', span }] });
    expect(planL3('hostA', d, state({ nat: new Map([['router', parseNat(NFT_J)]]) }), 'routed')).toEqual([]);
  });

  it('a table left in an owned namespace that declares no NAT any more is deleted, and restored by undo', () => {
    const steps = planL3('hostA', desired(), state({ nat: new Map([['router', [{ out: 'up', source: '10.0.0.0/16' }]]]) }), 'routed');
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ action: '-', object: 'nat table vsh_routed in namespace router' });
    expect(steps[0]!.commands[0]!.stdin).toBe('table ip vsh_routed\ndelete table ip vsh_routed\n');
    expect(steps[0]!.undo[0]!.stdin).toContain('oifname "up" ip saddr 10.0.0.0/16 masquerade');
  });

  it('a table in a namespace the model does not own is left alone', () => {
    const steps = planL3('hostA', desired(), state({ nat: new Map([['other', [{ out: 'up' }]]]) }), 'routed');
    expect(steps).toEqual([]);
  });
});

describe('l3 driver: forwarding', () => {
  it('turned on in a namespace that has it off, verified by reading it back (the command line quoted)', () => {
    const d = desired({ forward: new Map([['router', { on: true, span }]]) });
    const [s, ...more] = planL3('hostA', d, state({ forward: new Map([['router', false]]) }), 'routed');
    expect(more).toEqual([]);
    expect(s).toMatchObject({ action: '~', object: 'forwarding in namespace router', changes: ['ip_forward: 0 -> 1'] });
    expect(s!.commands[0]!.argv).toEqual(['ip', 'netns', 'exec', 'router', 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
    expect(s!.undo[0]!.argv).toEqual(['ip', 'netns', 'exec', 'router', 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=0']);
    expect(s!.verify!.argv).toEqual(['sh', '-c', 'test "$(ip netns exec router cat /proc/sys/net/ipv4/ip_forward)" = 1']);
    expect(planL3('hostA', d, state({ forward: new Map([['router', true]]) }), 'routed')).toEqual([]);
  });
});
