/** ping/pingall/exec argv and endpoint resolution, against the recording executor (no host touched). */
import { describe, expect, it } from 'vitest';
import { endpointsOf, execIn, pingAll, pingOne, resolveEndpoint, resolveTarget } from '../../src/commands/probe.js';
import { inEndpoint } from '../../src/exec/endpoint.js';
import { RecordingExecutor } from '../../src/exec/recording.js';
import { frontEnd } from '../../src/lang/pipeline.js';

const SCRIPT = `host hostA local
host hostB local
bridge br-int on hostA
port pa on br-int@hostA type veth peer ns1:eth0 address 10.0.0.1/24
bridge br-int on hostB
port pb on br-int@hostB type veth peer ns2:eth0 address 10.0.0.2/24
`;
const model = () => {
  const f = frontEnd([{ file: 't.vnet', text: SCRIPT }]);
  expect(f.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return f.model;
};

describe('endpoints', () => {
  it('hosts and peer namespaces, with the peers\' addresses', () => {
    expect(endpointsOf(model()).map((e) => [e.kind, e.host, e.name, e.addresses])).toEqual([
      ['host', 'hostA', 'hostA', []],
      ['host', 'hostB', 'hostB', []],
      ['netns', 'hostA', 'ns1', ['10.0.0.1']],
      ['netns', 'hostB', 'ns2', ['10.0.0.2']],
    ]);
  });
  it('resolves names, refuses unknown and malformed ones', () => {
    expect(resolveEndpoint(model(), 'ns2')).toMatchObject({ kind: 'netns', host: 'hostB' });
    expect(resolveEndpoint(model(), 'ns1@hostB')).toMatch(/no endpoint 'ns1@hostB'/);
    expect(resolveEndpoint(model(), 'a;rm -rf /')).toMatch(/is not an endpoint/);
    expect(resolveTarget(model(), 'ns2@hostB')).toEqual({ address: '10.0.0.2', label: 'ns2@hostB' });
    expect(resolveTarget(model(), 'hostA')).toMatch(/has no address/);
  });
  it('runs argv in a namespace with ip netns exec, on a host as is', () => {
    expect(inEndpoint({ kind: 'netns', host: 'h', name: 'ns1' }, ['ip', '-br', 'addr']).argv).toEqual(['ip', 'netns', 'exec', 'ns1', 'ip', '-br', 'addr']);
    expect(inEndpoint({ kind: 'host', host: 'h', name: 'h' }, ["it's"]).argv).toEqual(["it's"]);
  });
});

describe('ping, pingall, exec', () => {
  it('ping runs the bounded probe inside the source namespace on its host', async () => {
    const a = new RecordingExecutor('hostA');
    const r = await pingOne(model(), () => a, 'ns1', 'ns2@hostB');
    expect(a.commands.map((c) => c.argv)).toEqual([['ip', 'netns', 'exec', 'ns1', 'ping', '-c', '3', '-i', '0.2', '-W', '1', '10.0.0.2']]);
    expect(r).toMatchObject({ ok: true });
    expect(r.text).toContain('ns1@hostA -> ns2@hostB (10.0.0.2): reached');
  });
  it('pingall pings each pair once from the source host and counts drops', async () => {
    const a = new RecordingExecutor('hostA');
    const b = new RecordingExecutor('hostB', [{ match: 'ip netns exec ns2', result: { code: 1 } }]);
    const r = await pingAll(model(), (h) => (h === 'hostA' ? a : b));
    expect(a.commands.map((c) => c.argv)).toEqual([['ip', 'netns', 'exec', 'ns1', 'ping', '-c', '1', '-W', '1', '10.0.0.2']]);
    expect(b.commands.map((c) => c.argv)).toEqual([['ip', 'netns', 'exec', 'ns2', 'ping', '-c', '1', '-W', '1', '10.0.0.1']]);
    expect(r).toMatchObject({ ok: false, sent: 2, received: 1 });
    expect(r.text).toContain('*** Results: 50% dropped (1/2 received)');
    expect(r.text).toMatch(/ns2@hostB -> X/);
  });
  it('exec passes argv untouched (quoting is the executor\'s)', async () => {
    const b = new RecordingExecutor('hostB', [{ match: 'ip netns exec ns2 echo', result: { stdout: 'hi\n' } }]);
    const r = await execIn(model(), () => b, 'ns2', ['echo', '$(id) ; x']);
    expect(b.commands[0]!.argv).toEqual(['ip', 'netns', 'exec', 'ns2', 'echo', '$(id) ; x']);
    expect(r).toMatchObject({ code: 0, stdout: 'hi\n' });
    expect(await execIn(model(), () => b, 'ns2', [])).toMatch(/which command/);
  });
});
