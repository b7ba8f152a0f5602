import { describe, expect, it } from 'vitest';
import { at, withCode } from '../../helpers.js';

const LAB = `host hostA local underlay 10.9.0.1
bridge br-int on hostA
namespace router forward on
namespace client
port r-a type veth peer router:eth0 address 10.1.0.1/24 tag 10
port r-b type veth peer router:eth1 address 10.2.0.1/24 tag 20
port c-a type veth peer client:eth0 address 10.1.0.2/24 tag 10
`;

describe('VN160 endpoint-refs: route/nat in an endpoint nothing creates', () => {
  it('names the namespace and host, with a did-you-mean', () => {
    const [d, ...more] = withCode(`${LAB}route default via 10.1.0.1 in cleint\n`, 'VN160');
    expect(more).toEqual([]);
    expect(at(d)).toBe('8:31');
    expect(d!.message).toBe("route … in 'cleint': nothing creates a namespace 'cleint' on hostA");
    expect(d!.hint).toBe("did you mean 'client'?");
  });
  it('a port peer namespace counts as created; so does a nat in a declared router', () => {
    const text = `${LAB}namespace out\nport o type veth peer other:eth0 address 10.3.0.2/24\nroute default via 10.3.0.1 in other\nnat masquerade in router out eth1\n`;
    expect(withCode(text, 'VN160')).toEqual([]);
  });
});

describe('VN165 route-next-hop: the next hop is on a connected subnet', () => {
  it('fires at via, listing the subnets the namespace has', () => {
    const [d] = withCode(`${LAB}route default via 10.2.0.1 in client\n`, 'VN165');
    expect(at(d)).toBe('8:19');
    expect(d!.message).toContain('10.1.0.0/24');
  });
  it('is quiet when the next hop is connected, or when an address is not known', () => {
    expect(withCode(`${LAB}route default via 10.1.0.1 in client\n`, 'VN165')).toEqual([]);
    expect(withCode(`${LAB}port c-b type veth peer client:eth1\nroute default via 10.7.0.1 in client\n`, 'VN165')).toEqual([]);
  });
});

describe('VN166 route-forwarding: a router namespace must forward', () => {
  it('warns with the path when the next hop is a namespace without forward on', () => {
    const text = LAB.replace('namespace router forward on', 'namespace router');
    const [d] = withCode(`${text}route 10.2.0.0/24 via 10.1.0.1 in client\n`, 'VN166');
    expect(d!.severity).toBe('warning');
    expect(d!.message).toContain('client@hostA -> router -> 10.2.0.0/24');
    expect(d!.hint).toBe("add 'forward on' to 'namespace router'");
    expect(withCode(`${LAB}route 10.2.0.0/24 via 10.1.0.1 in client\n`, 'VN166')).toEqual([]);
  });
});

describe('VN167 route-conflicts: one next hop per destination', () => {
  it('two default routes in one namespace', () => {
    const [d] = withCode(`${LAB}route default via 10.1.0.1 in client\nroute default via 10.1.0.9 in client\n`, 'VN167');
    expect(at(d)).toBe('9:7');
    expect(d!.message).toBe('a second default route in namespace client on hostA: via 10.1.0.9 here, via 10.1.0.1 before');
  });
  it('the same route twice is a repeat (VN104), not a conflict; other namespaces are separate', () => {
    expect(withCode(`${LAB}route default via 10.1.0.1 in client\nroute default via 10.1.0.1 in client\n`, 'VN167')).toEqual([]);
    expect(withCode(`${LAB}route default via 10.1.0.1 in client\nroute default via 10.2.0.9 in router\n`, 'VN167')).toEqual([]);
  });
});
