/** Reading ofproto/trace and dpif/show as Open vSwitch 3.1 prints them (captured on a lab host), and the trace's words. */
import { describe, expect, it } from 'vitest';
import { parseDpifShow, parseOfprotoTrace } from '../../src/trace/ofproto-trace.js';
import { parseTraceArgs } from '../../src/trace/trace-args.js';
import { flowString } from '../../src/trace/trace.js';

const DROPPED = `Flow: icmp,in_port=3,vlan_tci=0x0000,dl_src=52:b4:59:da:c6:5f,dl_dst=06:f5:5d:27:80:88,nw_src=10.60.0.1,nw_dst=10.60.0.3,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,icmp_type=8,icmp_code=0

bridge("br-of")
---------------
 0. ip,nw_src=10.60.0.1,nw_dst=10.60.0.3, priority 200, cookie 0xdc0105280a0962c8
    drop

Final flow: unchanged
Megaflow: recirc_id=0,eth,ip,in_port=3,nw_src=10.60.0.1,nw_dst=10.60.0.3,nw_frag=no
Datapath actions: drop
`;

const TUNNEL = `Flow: icmp,in_port=3,vlan_tci=0x0000,dl_src=52:b4:59:da:c6:5f,dl_dst=ff:ff:ff:ff:ff:ff,nw_src=10.60.0.1,nw_dst=10.60.0.2,nw_tos=0,nw_ecn=0,nw_ttl=64,nw_frag=no,icmp_type=8,icmp_code=0

bridge("br-of")
---------------
 0. priority 0
    NORMAL
     -> no learned MAC for destination, flooding
     -> output to native tunnel
     -> tunneling to 10.200.0.2 via br-phy
     -> tunneling from 26:7f:eb:35:9f:4d 10.200.0.1 to 1e:45:06:b2:e2:44 10.200.0.2

bridge("br-phy")
----------------
 0. priority 0
    NORMAL
     -> forwarding to learned port

Final flow: unchanged
Megaflow: recirc_id=0,eth,ip,in_port=3,dl_src=52:b4:59:da:c6:5f,dl_dst=ff:ff:ff:ff:ff:ff,nw_dst=10.60.0.2,nw_ecn=0,nw_frag=no
Datapath actions: 7,8,tnl_push(tnl_port(6),header(size=50,type=5,eth(dst=1e:45:06:b2:e2:44,src=26:7f:eb:35:9f:4d,dl_type=0x0800),ipv4(src=10.200.0.1,dst=10.200.0.2,proto=17,tos=0,ttl=64,frag=0x4000),udp(src=0,dst=6081,csum=0x0),geneve(vni=0x3c)),out_port(2)),1
`;

const DPIF = `netdev@ovs-netdev: hit:68 missed:68
  br-of:
    app-p 2/7: (system)
    br-of 65534/8: (tap)
    geneve-hostB 1/6: (geneve: key=60, remote_ip=10.200.0.2)
    web-p 3/9: (system)
  br-phy:
    br-phy 65534/2: (tap)
    eth1 1/1: (system)
`;

describe('ofproto/trace', () => {
  it('a drop: the rule with its cookie, and no output', () => {
    const t = parseOfprotoTrace(DROPPED);
    expect(t.rules).toEqual([{ table: 0, match: 'ip,nw_src=10.60.0.1,nw_dst=10.60.0.3', priority: 200, cookie: 0xdc0105280a0962c8n, actions: ['drop'] }]);
    expect(t.dropped).toBe(true);
    expect(t.flow).toMatch(/^icmp,in_port=3,/);
  });

  it('a flood that also takes a GENEVE tunnel: local outputs, the tunnel with its VNI, and the first bridge only', () => {
    const t = parseOfprotoTrace(TUNNEL);
    expect(t.rules).toHaveLength(1);
    expect(t.rules[0]).toMatchObject({ table: 0, match: '', priority: 0, actions: ['NORMAL', '-> no learned MAC for destination, flooding', '-> output to native tunnel', '-> tunneling to 10.200.0.2 via br-phy', '-> tunneling from 26:7f:eb:35:9f:4d 10.200.0.1 to 1e:45:06:b2:e2:44 10.200.0.2'] });
    expect(t.outputs).toEqual([7, 8, 1]);
    expect(t.tunnels).toEqual([{ remote: '10.200.0.2', local: '10.200.0.1', key: 60, type: 'geneve' }]);
    expect(t.dropped).toBe(false);
  });

  it('dpif/show: OpenFlow and datapath port numbers per bridge', () => {
    const ports = parseDpifShow(DPIF);
    expect(ports.filter((p) => p.bridge === 'br-of').map((p) => `${p.name} ${p.ofport}/${p.odp}`)).toEqual(['app-p 2/7', 'br-of 65534/8', 'geneve-hostB 1/6', 'web-p 3/9']);
    expect(ports.find((p) => p.odp === 1)).toMatchObject({ bridge: 'br-phy', name: 'eth1' }); // the underlay: not the traced bridge's
  });
});

describe('the words of trace', () => {
  it('files, endpoint, protocol and port', () => {
    expect(parseTraceArgs(['a.vnet', 'b.vnet', 'from', 'web@hostA', 'to', '10.0.0.3', 'proto', 'tcp', 'port', '80'])).toEqual({ files: ['a.vnet', 'b.vnet'], request: { ns: 'web', host: 'hostA', to: '10.0.0.3', proto: 'tcp', port: 80 } });
    expect(parseTraceArgs(['from', 'web', 'to', '10.0.0.3'])).toEqual({ files: [], request: { ns: 'web', to: '10.0.0.3', proto: 'icmp' } });
  });

  it('says what is wrong', () => {
    expect(parseTraceArgs(['a.vnet', 'web', 'to', '10.0.0.3'])).toContain("missing 'from");
    expect(parseTraceArgs(['from', 'web', 'to', '10.0.0.300'])).toContain('not an IPv4');
    expect(parseTraceArgs(['from', 'web', 'to', '10.0.0.3', 'port', '80'])).toContain("needs 'proto tcp'");
    expect(parseTraceArgs(['from', 'web', 'to', '10.0.0.3', 'proto', 'sctp'])).toContain('unexpected');
  });

  it('the flow ofproto/trace reads, with tunnel metadata on a later hop', () => {
    const p = { proto: 'tcp' as const, srcIp: '10.0.0.1', dstIp: '10.0.0.2', srcMac: '02:00:00:00:00:01', dstMac: '02:00:00:00:00:02', port: 80, from: 'a@h' };
    expect(flowString(p, 'gre-hostA', ['tun_id=5', 'tun_src=10.200.0.1', 'tun_dst=10.200.0.2'])).toBe('in_port=gre-hostA,tun_id=5,tun_src=10.200.0.1,tun_dst=10.200.0.2,tcp,dl_src=02:00:00:00:00:01,dl_dst=02:00:00:00:00:02,nw_src=10.0.0.1,nw_dst=10.0.0.2,nw_ttl=64,tp_src=40000,tp_dst=80');
  });
});
