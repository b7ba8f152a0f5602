/** The transactional applier, with scripted executors: batching, rollback across hosts, locks, interrupts. */
import { describe, expect, it } from 'vitest';
import type { Step } from '../../src/backends/backend.js';
import { applySteps, type Progress } from '../../src/exec/apply.js';
import type { Command, CommandResult } from '../../src/exec/command.js';
import type { Executor } from '../../src/exec/executor.js';
import { NOT_REALIZED, waitCommand } from '../../src/backends/ovn/wait.js';
import { LocalExecutor } from '../../src/exec/local.js';

/** Records every command; `fail` decides which ones fail (or throw, to simulate a lost connection). */
class ScriptedExecutor implements Executor {
  readonly log: string[] = [];
  constructor(
    readonly host: string,
    private readonly fail: (c: Command) => Partial<CommandResult> | 'throw' | undefined = () => undefined,
  ) {}
  async run(c: Command): Promise<CommandResult> {
    // A batched script (shBatch, shBatchAll) is logged as the commands it runs.
    const script = c.argv.join(' ') === 'sh -s' && c.stdin?.includes('@@vsh-') ? [...c.stdin.matchAll(/>&2; (.*?) <\/dev\/null/g)].map((m) => m[1]).join('; ') : undefined;
    this.log.push(script ? `sh -s: ${script}` : c.argv.join(' ') + (c.stdin ? ` <<${c.stdin.trim().replace(/\n/g, ' | ')}` : ''));
    const f = this.fail(c);
    if (f === 'throw') throw new Error(`${this.host}: connection lost (the connection closed)`);
    return { code: 0, stdout: '', stderr: '', ...f };
  }
  async close() {}
  /** The log without the lock commands. */
  get work() {
    return this.log.filter((l) => !l.includes('/run/vsh'));
  }
}

const ovs = (host: string, name: string): Step => ({
  host, backend: 'ovs', action: '+', object: `bridge ${name}`, phase: 40, explain: '',
  commands: [{ argv: ['ovs-vsctl', '--may-exist', 'add-br', name], batch: 'ovs-vsctl' }],
  undo: [{ argv: ['ovs-vsctl', '--if-exists', 'del-br', name], batch: 'ovs-vsctl' }],
});
const ipStep = (host: string, name: string): Step => ({
  host, backend: 'linux', action: '+', object: `tap ${name}`, phase: 30, explain: '',
  commands: [{ argv: ['ip', 'tuntap', 'add', name, 'mode', 'tap'], batch: 'ip' }],
  undo: [{ argv: ['ip', 'link', 'del', name] }],
});
const plain = (host: string, name: string): Step => ({
  host, backend: 'libvirt', action: '+', object: `network ${name}`, phase: 60, explain: '',
  commands: [{ argv: ['virsh', 'net-define', '/dev/stdin'], stdin: `<network><name>${name}</name></network>` }, { argv: ['virsh', 'net-start', name] }],
  undo: [{ argv: ['virsh', 'net-destroy', name] }, { argv: ['virsh', 'net-undefine', name] }],
});

const nb = (name: string): Step => ({
  host: 'hostA', backend: 'ovn', action: '+', object: `logical switch ${name} (northbound)`, phase: 75, explain: '',
  commands: [{ argv: ['ovn-nbctl', '--may-exist', 'ls-add', name], batch: 'ovn-nbctl' }],
  undo: [{ argv: ['ovn-nbctl', '--if-exists', 'ls-del', name], batch: 'ovn-nbctl' }],
});
const realized: Step = { host: 'hostA', backend: 'ovn', action: '~', object: 'realized on every chassis', phase: 76, explain: '', commands: [waitCommand(4, 30)], undo: [] };

describe('applySteps', () => {
  it('runs the northbound transaction and the wait after it as ONE invocation (ovn-nbctl --wait=hv A -- B)', async () => {
    const a = new ScriptedExecutor('hostA');
    const progress: Progress[] = [];
    const out = await applySteps(new Map([['hostA', [nb('ls1'), nb('ls2'), realized]]]), { executorFor: () => a, onProgress: (p) => progress.push(p) });
    expect(out.ok).toBe(true);
    expect(out.applied.map((s) => s.object)).toEqual(['logical switch ls1 (northbound)', 'logical switch ls2 (northbound)', 'realized on every chassis']);
    expect(a.work).toHaveLength(1);
    expect(a.work[0]).toMatch(/ vsh-ovn-apply 4 30 ovn-nbctl --timeout=30 --wait=hv --may-exist ls-add ls1 -- --may-exist ls-add ls2$/);
    expect(progress.at(-1)).toEqual({ host: 'hostA', state: 'done', done: 3, total: 3 });
  });

  it('committed but not realized in time: the wait step fails with the lagging chassis, the transaction is undone in one', async () => {
    const a = new ScriptedExecutor('hostA', (c) => (c.argv.includes('vsh-ovn-apply') ? { code: NOT_REALIZED, stderr: 'the change was not realized within 30 s on every chassis: hostB (at 3 of 4)' } : undefined));
    const out = await applySteps(new Map([['hostA', [nb('ls1'), nb('ls2'), realized]]]), { executorFor: () => a });
    expect(out.ok).toBe(false);
    expect(out.failure).toMatchObject({ host: 'hostA', step: { object: 'realized on every chassis' }, code: NOT_REALIZED });
    expect(out.failure?.stderr).toMatch(/hostB/);
    expect(out.rolledBack.map((s) => s.object)).toEqual(['logical switch ls1 (northbound)', 'logical switch ls2 (northbound)']);
    expect(a.work.at(-1)).toBe('ovn-nbctl --timeout=20 --if-exists ls-del ls2 -- --if-exists ls-del ls1');
  });

  it('a refused northbound transaction changed nothing: nothing is rolled back', async () => {
    const a = new ScriptedExecutor('hostA', (c) => (c.argv.includes('vsh-ovn-apply') ? { code: 1, stderr: 'ovn-nbctl: a switch named ls1 already exists' } : undefined));
    const out = await applySteps(new Map([['hostA', [nb('ls1'), realized]]]), { executorFor: () => a });
    expect(out.ok).toBe(false);
    expect(out.failure).toMatchObject({ step: { object: 'logical switch ls1 (northbound)' }, code: 1 });
    expect(out.rolledBack).toEqual([]);
    expect(a.work).toHaveLength(1);
  });

  it('runs each host in one ovsdb transaction and one ip -batch, under a lock it releases', async () => {
    const a = new ScriptedExecutor('hostA');
    const progress: Progress[] = [];
    const out = await applySteps(new Map([['hostA', [ipStep('hostA', 't1'), ipStep('hostA', 't2'), ovs('hostA', 'br0'), ovs('hostA', 'br1')]]]), {
      executorFor: () => a,
      onProgress: (p) => progress.push(p),
    });
    expect(out.ok).toBe(true);
    expect(a.work).toEqual(['ip -batch - <<tuntap add t1 mode tap | tuntap add t2 mode tap', 'ovs-vsctl --may-exist add-br br0 -- --may-exist add-br br1']);
    expect(a.log[0]).toContain('mkdir "$1"');
    expect(a.log.at(-1)).toBe('rm -rf /run/vsh/apply-hostA.lock');
    expect(progress.at(-1)).toEqual({ host: 'hostA', state: 'done', done: 4, total: 4 });
  });

  it('a failure on the second host rolls back both hosts in reverse order and says what failed', async () => {
    const a = new ScriptedExecutor('hostA');
    const b = new ScriptedExecutor('hostB', (c) => (c.argv[1] === 'net-start' ? { code: 1, stderr: 'error: network is already in use by interface br9\n' } : undefined));
    const out = await applySteps(
      new Map([
        ['hostA', [ovs('hostA', 'br0'), plain('hostA', 'n1')]],
        ['hostB', [ovs('hostB', 'br0'), plain('hostB', 'n2')]],
      ]),
      { executorFor: (h) => (h === 'hostA' ? a : b) },
    );
    expect(out.ok).toBe(false);
    expect(out.failure).toMatchObject({ host: 'hostB', code: 1, stderr: expect.stringContaining('already in use'), command: { argv: ['virsh', 'net-start', 'n2'] } });
    expect(out.failure?.step?.object).toBe('network n2');
    // hostB: net-define ran before net-start failed, so the partial step is undone too, then the bridge.
    expect(b.work.slice(-2)).toEqual(['sh -s: virsh net-destroy n2; virsh net-undefine n2', 'ovs-vsctl --if-exists del-br br0']);
    // hostA had finished both steps: both are undone, newest first.
    expect(a.work).toEqual([
      'ovs-vsctl --may-exist add-br br0',
      'virsh net-define /dev/stdin <<<network><name>n1</name></network>',
      'virsh net-start n1',
      'sh -s: virsh net-destroy n1; virsh net-undefine n1',
      'ovs-vsctl --if-exists del-br br0',
    ]);
    expect(out.rolledBack.length).toBeGreaterThanOrEqual(2);
    expect(out.applied).toEqual([]);
  });

  it('maps an ip -batch failure to its line: earlier steps are undone, later ones never ran', async () => {
    const a = new ScriptedExecutor('hostA', (c) => (c.argv[1] === '-batch' ? { code: 1, stderr: 'RTNETLINK answers: File exists\nCommand failed -:2\n' } : undefined));
    const out = await applySteps(new Map([['hostA', [ipStep('hostA', 't1'), ipStep('hostA', 't2'), ipStep('hostA', 't3')]]]), { executorFor: () => a });
    expect(out.failure?.step?.object).toBe('tap t2');
    expect(out.rolledBack.map((s) => s.object)).toEqual(['tap t1']);
    expect(a.work.at(-1)).toBe('ip link del t1');
  });

  it('a lost connection fails the run with the host named, and the other host rolls back', async () => {
    const a = new ScriptedExecutor('hostA');
    const b = new ScriptedExecutor('hostB', (c) => (c.argv[0] === 'virsh' ? 'throw' : undefined));
    const out = await applySteps(
      new Map([
        ['hostA', [ovs('hostA', 'br0')]],
        ['hostB', [ovs('hostB', 'br0'), plain('hostB', 'n2')]],
      ]),
      { executorFor: (h) => (h === 'hostA' ? a : b) },
    );
    expect(out.failure).toMatchObject({ host: 'hostB', error: expect.stringContaining('connection lost') });
    expect(out.failure?.step?.object).toBe('network n2');
    expect(a.work.at(-1)).toBe('ovs-vsctl --if-exists del-br br0');
  });

  it('refuses to start when another apply holds a host lock: nothing runs anywhere', async () => {
    const a = new ScriptedExecutor('hostA');
    const b = new ScriptedExecutor('hostB', (c) => (c.argv.join(' ').includes('mkdir "$1"') ? { code: 1, stderr: 'mkdir: cannot create directory: File exists' } : undefined));
    const out = await applySteps(new Map([['hostA', [ovs('hostA', 'br0')]], ['hostB', [ovs('hostB', 'br0')]]]), { executorFor: (h) => (h === 'hostA' ? a : b) });
    expect(out.failure?.error).toContain('another vsh apply holds the lock on hostB');
    expect(a.work).toEqual([]);
    expect(b.work).toEqual([]);
    expect(a.log.at(-1)).toBe('rm -rf /run/vsh/apply-hostA.lock'); // its own lock is released
    expect(b.log.some((l) => l.startsWith('rm -rf'))).toBe(false); // never took hostB's: not ours to remove
  });

  it('rollback is batched: the OVS undo in one transaction, the iproute2 undo in one ip -force -batch', async () => {
    const ipUndo = (host: string, name: string): Step => ({ ...ipStep(host, name), undo: [{ argv: ['ip', 'link', 'del', name], batch: 'ip' }] });
    const a = new ScriptedExecutor('hostA', (c) => (c.argv[1] === 'net-start' ? { code: 1, stderr: 'boom\n' } : undefined));
    const steps = [ipUndo('hostA', 't1'), ipUndo('hostA', 't2'), ovs('hostA', 'br0'), ovs('hostA', 'br1'), plain('hostA', 'n1')];
    const out = await applySteps(new Map([['hostA', steps]]), { executorFor: () => a });
    expect(out.failure?.step?.object).toBe('network n1');
    expect(out.rollbackErrors).toEqual([]);
    expect(a.work.slice(-3)).toEqual([
      'sh -s: virsh net-destroy n1; virsh net-undefine n1',
      'ovs-vsctl --if-exists del-br br1 -- --if-exists del-br br0',
      'ip -force -batch - <<link del t2 | link del t1',
    ]);
  });

  it('a batched undo that fails says which command failed: OVS again one by one, ip by the lines it names', async () => {
    const ipUndo = (host: string, name: string): Step => ({ ...ipStep(host, name), undo: [{ argv: ['ip', 'link', 'del', name], batch: 'ip' }] });
    const a = new ScriptedExecutor('hostA', (c) => {
      const line = c.argv.join(' ');
      if (c.argv[1] === 'net-start') return { code: 1, stderr: 'boom\n' };
      if (line.includes('del-br br1')) return { code: 1, stderr: 'ovs-vsctl: no bridge named br1\n' }; // the transaction, then br1 alone
      if (line === 'ip -force -batch -') return { code: 1, stderr: 'Cannot find device "t2"\nCommand failed -:1\n' };
      return undefined;
    });
    const steps = [ipUndo('hostA', 't1'), ipUndo('hostA', 't2'), ovs('hostA', 'br0'), ovs('hostA', 'br1'), plain('hostA', 'n1')];
    const out = await applySteps(new Map([['hostA', steps]]), { executorFor: () => a });
    expect(a.work.slice(-4)).toEqual(['ovs-vsctl --if-exists del-br br1 -- --if-exists del-br br0', 'ovs-vsctl --if-exists del-br br1', 'ovs-vsctl --if-exists del-br br0', 'ip -force -batch - <<link del t2 | link del t1']);
    expect(out.rollbackErrors.map((e) => [e.step?.object, e.command?.argv.join(' '), e.stderr])).toEqual([
      ['bridge br1', 'ovs-vsctl --if-exists del-br br1', 'ovs-vsctl: no bridge named br1\n'],
      ['tap t2', 'ip link del t2', 'Cannot find device "t2"\n'],
    ]);
  });

  it('undo commands that need the shell (ip -n, ip netns del) run as one script that carries on past failures and names each', async () => {
    const step = (name: string, undo: string[][]): Step => ({ ...ipStep('local', name), commands: [{ argv: ['true'] }], undo: undo.map((argv) => ({ argv })) });
    const steps = [
      step('ns1', [['true'], ['sh', '-c', 'echo "Cannot remove namespace ns1" >&2; exit 3']]),
      step('ns2', [['sh', '-c', 'echo "no such device" >&2; exit 2'], ['true']]),
      { ...step('last', []), commands: [{ argv: ['false'] }] },
    ];
    const runs: Command[] = [];
    const local = new LocalExecutor();
    const exec = { host: 'local', run: (c: Command) => (runs.push(c), local.run(c)), close: async () => {} };
    const out = await applySteps(new Map([['local', steps]]), { executorFor: () => exec, lock: false });
    expect(out.rolledBack.map((s) => s.object)).toEqual(['tap ns1', 'tap ns2']);
    // One round trip for all four undo commands, and each failure with its own exit code and stderr.
    expect(runs.filter((c) => c.stdin?.includes('exit "$rc"'))).toHaveLength(1);
    expect(out.rollbackErrors.map((e) => [e.step?.object, e.command?.argv.at(-1), e.code, e.stderr?.trim()])).toEqual([
      ['tap ns2', 'echo "no such device" >&2; exit 2', 2, 'no such device'],
      ['tap ns1', 'echo "Cannot remove namespace ns1" >&2; exit 3', 3, 'Cannot remove namespace ns1'],
    ]);
  });

  it('an interrupt (Ctrl-C) stops after the current batch and rolls back', async () => {
    const ac = new AbortController();
    const a = new ScriptedExecutor('hostA', (c) => {
      if (c.argv[0] === 'ovs-vsctl' && c.argv.includes('add-br')) ac.abort();
      return undefined;
    });
    const out = await applySteps(new Map([['hostA', [ovs('hostA', 'br0'), plain('hostA', 'n1')]]]), { executorFor: () => a, signal: ac.signal });
    expect(out.ok).toBe(false);
    expect(a.work).toEqual(['ovs-vsctl --may-exist add-br br0', 'ovs-vsctl --if-exists del-br br0']);
  });
});
