/**
 * The flows part of the OVS driver, without a switch: the cookie, reading dump-flows
 * output as ovs-ofctl 3.1 prints it, and the diff into one bundle per bridge (real
 * switches are in test/e2e/flows.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostView } from '../../../src/backends/backend.js';
import { flowCookie, fnv1a32, projectCookie, projectSelector } from '../../../src/backends/ovs/flow-cookie.js';
import { destroyFlows, planFlows } from '../../../src/backends/ovs/flows-diff.js';
import { parseFlowLine, parseFlows, type LiveFlow } from '../../../src/backends/ovs/flows-read.js';
import { emptyState } from '../../../src/backends/ovs/state.js';
import { frontEnd } from '../../../src/lang/pipeline.js';

const script = (flows: string) => frontEnd([{ file: 't.vnet', text: `host hostA local datapath netdev\nbridge br0\n${flows}` }]);
const view = (flows: string, project = 'p1'): HostView => {
  const front = script(flows);
  return { name: 'hostA', host: front.model.hosts.get('hostA')!, model: front.model, datapath: 'netdev', project };
};
const live = (v: HostView, ...extra: LiveFlow[]): LiveFlow[] => [...v.model.flows.map((f) => ({ cookie: flowCookie(v.project, f), table: f.table, priority: f.priority, match: f.match, actions: f.actions })), ...extra];
const read = (flows: LiveFlow[]) => ({ flows: new Map([['br0', flows]]), failed: [] });

const THREE = 'flow priority 200 match "ip,nw_src=10.0.0.1" actions "drop"\nflow priority 100 match "tcp,tp_dst=80" actions "NORMAL"\nflow table 1 match "arp" actions "flood"\n';

describe('the cookie', () => {
  it('is stable: FNV-1a of the project above, of the flow below', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(projectCookie('openflow')).toBe(BigInt(fnv1a32('vsh:openflow')) << 32n);
    expect(projectSelector('openflow')).toMatch(/^cookie=0x[0-9a-f]{1,8}00000000\/0xffffffff00000000$/);
    const f = { table: 0, priority: 200, match: 'ip', actions: 'drop' };
    expect(flowCookie('a', f) >> 32n).not.toBe(flowCookie('b', f) >> 32n);
    expect(flowCookie('a', f)).not.toBe(flowCookie('a', { ...f, actions: 'NORMAL' }));
  });
});

describe('reading dump-flows', () => {
  it('reads cookie, table, priority, match and actions as ovs-ofctl prints them', () => {
    expect(parseFlowLine(' cookie=0x1234, table=1, priority=10,tcp,tp_dst=80 actions=output:1')).toEqual({ cookie: 0x1234n, table: 1, priority: 10, match: 'tcp,tp_dst=80', actions: 'output:1' });
    expect(parseFlowLine(' priority=0 actions=NORMAL')).toEqual({ cookie: 0n, table: 0, priority: 0, match: '', actions: 'NORMAL' });
    expect(parseFlowLine(' cookie=0x5, ip actions=resubmit(,1),drop')).toMatchObject({ priority: 32768, match: 'ip', actions: 'resubmit(,1),drop' });
    expect(parseFlowLine('NXST_FLOW reply (xid=0x4):')).toBeUndefined();
  });

  it('reads any line as the first, split-based reader did (kept here as the reference)', () => {
    const reference = (line: string): LiveFlow | undefined => {
      const at = line.indexOf(' actions=');
      if (at === -1) return undefined;
      const head = line.slice(0, at).trim();
      const actions = line.slice(at + ' actions='.length).trim();
      let cookie = 0n;
      let table = 0;
      let priority = 32768;
      const match: string[] = [];
      for (const raw of head.split(',')) {
        const item = raw.trim();
        if (item === '') continue;
        const [k, v] = item.split('=', 2) as [string, string | undefined];
        if (k === 'cookie' && v) cookie = BigInt(v);
        else if (k === 'table' && v) table = Number(v);
        else if (k === 'priority' && v) priority = Number(v);
        else if (k === 'duration' || k === 'n_packets' || k === 'n_bytes' || k === 'idle_age' || k === 'hard_age' || k === 'reset_counts') continue;
        else match.push(item);
      }
      return { cookie, table, priority, match: match.join(','), actions };
    };
    const item = fc.oneof(
      fc.constantFrom('cookie=0x1f', 'cookie=', 'cookie', 'table=3', 'table=', 'priority=7', 'priority=1=2', 'duration=0.1s', 'n_packets=0', 'idle_age=3', 'ip', 'tcp', 'nw_dst=10.0.0.1/24', 'reg0=0x1/0xf', 'in_port=LOCAL', ''),
      fc.stringMatching(/^[a-z_=0-9 .]{0,8}$/),
    );
    const line = fc.tuple(fc.array(fc.tuple(item, fc.constantFrom(',', ', ', ' ,')), { maxLength: 7 }), fc.constantFrom(' actions=drop', ' actions= NORMAL ', ' actions=resubmit(,1),drop', '', ' actions=a actions=b'))
      .map(([items, tail]) => ' ' + items.map(([i, sep]) => i + sep).join('') + tail);
    fc.assert(
      fc.property(line, (l) => {
        expect(parseFlowLine(l)).toEqual(reference(l));
      }),
      { numRuns: 3000 },
    );
    const ovs = ' cookie=0x1, duration=0.027s, table=3, n_packets=0, n_bytes=0, idle_age=0, priority=5,tcp,tp_dst=80 actions=resubmit(,4)';
    expect(parseFlowLine(ovs)).toEqual(reference(ovs));
  });

  it('splits the probe output per bridge and notes bridges whose dump failed', () => {
    const r = parseFlows({ code: 0, stderr: '', stdout: '@@vsh-bridge br0\n cookie=0x1, priority=5,ip actions=drop\n@@vsh-bridge br1\n@@vsh-failed br1\n@@vsh-bridge br2\n' });
    expect([...r.flows.keys()]).toEqual(['br0', 'br2']);
    expect(r.flows.get('br0')).toHaveLength(1);
    expect(r.failed).toEqual(['br1']);
  });
});

describe('the diff: one atomic bundle per bridge', () => {
  it('installs every flow in one ovs-ofctl --bundle add-flows with the lines on stdin', () => {
    const [s, ...more] = planFlows(view(THREE), read([]), emptyState());
    expect(more).toEqual([]);
    expect(s!.object).toBe('flows on br0');
    expect(s!.commands).toHaveLength(1);
    expect(s!.commands[0]!.argv).toEqual(['ovs-ofctl', '--bundle', 'add-flows', 'br0', '-']);
    const lines = s!.commands[0]!.stdin!.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^add cookie=0x[0-9a-f]+,table=0,priority=200,ip,nw_src=10\.0\.0\.1 actions=drop$/);
    expect(s!.undo[0]!.stdin!.trim().split('\n').every((l) => /^delete table=\d,cookie=0x[0-9a-f]+\/-1$/.test(l))).toBe(true);
  });

  it('nothing to do when the cookies are there (a re-plan after apply), whatever ovs-ofctl re-spelled', () => {
    const v = view(THREE);
    const respelled = live(v).map((f) => ({ ...f, match: f.match.replace('nw_src', 'nw_src') + ',nw_frag=no' }));
    expect(planFlows(v, read(respelled), emptyState())).toEqual([]);
  });

  it('changing the actions of one flow of N sends exactly one line (an add that replaces it), undone by the old add', () => {
    const before = view(THREE);
    const after = view(THREE.replace('actions "NORMAL"', 'actions "output:2"'));
    const [s, ...more] = planFlows(after, read(live(before)), emptyState());
    expect(more).toEqual([]);
    expect(s!.action).toBe('~');
    expect(s!.commands[0]!.stdin!.trim().split('\n')).toEqual([expect.stringMatching(/^add .*priority=100,tcp,tp_dst=80 actions=output:2$/)]);
    expect(s!.undo[0]!.stdin!.trim().split('\n')).toEqual([expect.stringMatching(/^add .*priority=100,tcp,tp_dst=80 actions=NORMAL$/)]);
    expect(s!.changes).toEqual(['~ table=0 priority=100 tcp,tp_dst=80 actions=NORMAL -> actions=output:2']);
  });

  it('a flow the model dropped is deleted by its exact cookie, and added back by undo', () => {
    const before = view(THREE);
    const after = view(THREE.split('\n').slice(1).join('\n'));
    const [s] = planFlows(after, read(live(before)), emptyState());
    expect(s!.action).toBe('-');
    expect(s!.commands[0]!.stdin).toMatch(/^delete table=0,cookie=0x[0-9a-f]+\/-1\n$/);
    expect(s!.undo[0]!.stdin).toMatch(/^add cookie=0x[0-9a-f]+,table=0,priority=200,ip,nw_src=10\.0\.0\.1 actions=drop\n$/);
  });

  it('destroy removes only the flows read with the project cookie', () => {
    const v = view(THREE);
    const [s] = destroyFlows(v, read(live(v)));
    expect(s!.commands[0]!.stdin!.trim().split('\n')).toHaveLength(3);
    expect(s!.commands[0]!.stdin!.split('\n').filter(Boolean).every((l) => l.startsWith('delete table='))).toBe(true);
    expect(destroyFlows(v, read([]))).toEqual([]);
  });

  it('of two flows with one identity (VN172) installs the later, as OpenFlow keeps it', () => {
    const [s] = planFlows(view('flow match "ip" actions "drop"\nflow match "ip" actions "NORMAL"\n'), read([]), emptyState());
    expect(s!.commands[0]!.stdin!.trim().split('\n')).toEqual([expect.stringMatching(/actions=NORMAL$/)]);
  });
});
