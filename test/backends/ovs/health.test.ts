import { describe, expect, it } from 'vitest';
import { boundIfindexes, deadPorts } from '../../../src/backends/ovs/health.js';
import { emptyState, type OvsState } from '../../../src/backends/ovs/state.js';

type Iface = { ofport?: number; ifindex?: number; error?: string };

/** A userspace bridge `br` with system ports p1 (ifindex 7), p2 (with the given iface columns). */
function state(p2: Iface = {}, datapath = 'netdev'): OvsState {
  const s = emptyState();
  const port = (name: string) => ({ name, bridge: 'br', values: new Map(), ifaces: [name] });
  return {
    ...s,
    read: true,
    bridges: new Map([['br', { name: 'br', values: new Map([['datapath_type', datapath]]), ports: ['br', 'p1', 'p2'] }]]),
    ports: new Map([['p1', port('p1')], ['p2', port('p2')]]),
    ifaces: new Map([
      ['p1', { name: 'p1', values: new Map(), ofport: 1, ifindex: 7 }],
      ['p2', { name: 'p2', values: new Map(), ofport: 2, ...p2 }],
    ]),
  };
}

/** /proc/net/packet with sockets bound to `bound`. */
const probe = (bound: number[]) => ({
  code: 0,
  stderr: '',
  stdout: `sk RefCnt Type Proto Iface R Rmem User Inode\n${bound.map((i) => `0000 3 3 0003 ${i} 1 0 0 77`).join('\n')}\n`,
});

describe('dead OVS ports', () => {
  it('reads the bound packet sockets (an unbound socket, -1, counts for none)', () => {
    expect(boundIfindexes(probe([7, -1]))).toEqual(new Set([7]));
    expect(boundIfindexes({ code: 1, stdout: '', stderr: 'no' })).toBeUndefined();
  });

  it('a port OVS could not open (error, ofport -1) is dead, on any datapath', () => {
    expect(deadPorts(state({ error: 'could not open network device p2 (No such device)' }, 'system'), undefined)).toEqual(new Map([['p2', 'could not open network device p2 (No such device)']]));
    expect([...deadPorts(state({ ofport: -1 }), undefined).keys()]).toEqual(['p2']);
  });

  it('userspace: a device gone (ifindex 0) or one no packet socket reads (made again under the same name) is dead', () => {
    expect(deadPorts(state({ ifindex: 8 }), probe([7, 8]))).toEqual(new Map());
    expect(deadPorts(state({ ifindex: 0 }), probe([7]))).toEqual(new Map([['p2', 'its device is gone']]));
    expect(deadPorts(state({ ifindex: 9 }), probe([7, -1])).get('p2')).toMatch(/dead handle: no socket on ifindex 9/);
  });

  it('the kernel datapath reads no sockets: only error and ofport count there', () => {
    expect(deadPorts(state({ ifindex: 9 }, 'system'), probe([7]))).toEqual(new Map());
  });
});
