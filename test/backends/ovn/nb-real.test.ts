/**
 * The northbound half of the OVN driver against a real OVN central (NB, SB, ovn-northd in
 * a temp directory, unix sockets only): plan reads the database once, apply writes ONE
 * transaction, a re-plan finds nothing to do, destroy leaves no row of the project, a
 * failing transaction changes nothing, an unreachable central is a clear error, and a
 * chassis that never catches up is named by the bounded wait (and the change rolled back).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePlan, planSteps, type Plan } from '../../../src/backends/plan.js';
import { applySteps } from '../../../src/exec/apply.js';
import { LocalExecutor } from '../../../src/exec/local.js';
import type { Executor } from '../../../src/exec/executor.js';
import { frontEnd } from '../../../src/lang/pipeline.js';
import { ovnSkipReason, startOvnCentral, type OvnCentral } from '../../support/ovn-central.js';
import { SEED_004 } from './fixture.js';

const skip = ovnSkipReason();
const PROJECT = `nbtest${process.pid}`;
/** The seed-004 script with its central on a host of its own, `ctl`: only the central is reached here. */
const SCRIPT = SEED_004.replace('ovn central hostA', 'host ctl address 192.0.2.10\novn central ctl');
const ONLY_CENTRAL = ['ctl'];

describe.skipIf(skip !== '')('OVN northbound, real ovn-central', () => {
  let c: OvnCentral;
  let exec: Executor;
  beforeAll(() => {
    c = startOvnCentral();
    exec = new LocalExecutor('ctl', { env: c.env });
  });
  afterAll(() => c?.stop());

  const front = (text = SCRIPT) => {
    const fe = frontEnd([{ file: 't.vnet', text }]);
    expect(fe.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return fe;
  };
  const plan = (mode: 'apply' | 'destroy', text?: string, e: Executor = exec): Promise<Plan> =>
    makePlan(front(text), { mode, project: PROJECT, hosts: ONLY_CENTRAL, executorFor: () => e });
  const ownedRows = (): string[] =>
    ['Logical_Switch', 'Logical_Switch_Port', 'Logical_Router', 'Logical_Router_Port', 'Logical_Router_Static_Route'].flatMap((t) =>
      c.nbctl('--bare', '--columns=_uuid', 'find', t, `external_ids:vsh=${PROJECT}`).split('\n').filter(Boolean).map((u) => `${t} ${u}`),
    );
  const apply = (p: Plan) => applySteps(new Map([['ctl', planSteps(p)]]), { executorFor: () => exec, lock: false });

  it('applies the seed-004 topology as one transaction, then re-plans to nothing, then destroys every project row', async () => {
    const p = await plan('apply');
    expect(p.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const steps = planSteps(p);
    expect(steps.filter((s) => s.backend === 'ovn' && s.commands.every((x) => x.batch === 'ovn-nbctl')).length).toBeGreaterThan(10);
    const out = await apply(p);
    expect(out.failure).toBeUndefined();
    expect(out.ok).toBe(true);
    // What OVN now holds, in its own words.
    const show = c.nbctl('show');
    expect(show).toMatch(/switch .* \(ls-web\)/);
    expect(c.nbctl('get', 'Logical_Switch_Port', 'lr1-ext100-ln', 'tag')).toBe('100\n');
    expect(c.nbctl('get', 'Logical_Switch_Port', 'lr1-ext200-ln', 'options:network_name')).toBe('physnet\n');
    expect(c.nbctl('lrp-get-gateway-chassis', 'lr1-ext100')).toMatch(/hostA\s+10/);
    expect(c.nbctl('lr-route-list', 'lr1')).toMatch(/0\.0\.0\.0\/0\s+172\.30\.200\.10/);
    expect(c.nbctl('get', 'Logical_Switch', 'ls-web', 'external_ids:vsh')).toBe(`${PROJECT}\n`);

    const again = await plan('apply');
    expect(planSteps(again).map((s) => `${s.action} ${s.object}`)).toEqual([]);

    const d = await plan('destroy');
    expect(planSteps(d).length).toBeGreaterThan(0);
    expect((await apply(d)).ok).toBe(true);
    expect(ownedRows()).toEqual([]);
  });

  it('a change of one port is one small transaction; removing a statement removes only its rows', async () => {
    expect((await apply(await plan('apply'))).ok).toBe(true);
    const moved = SCRIPT.replace('0a:00:00:90:02:0a 10.90.2.10', '0a:00:00:90:02:0b 10.90.2.11').replace(/^logical route .*$/m, '');
    const p = await plan('apply', moved);
    expect(planSteps(p).map((s) => `${s.action} ${s.object}`)).toEqual([
      '- route lr1 10.80.0.0/16 via 172.30.100.10 (northbound)',
      '~ logical port vm2 on ls-db (northbound)',
      '~ realized on every chassis',
    ]);
    expect((await apply(p)).ok).toBe(true);
    expect(c.nbctl('get', 'Logical_Switch_Port', 'vm2', 'addresses')).toContain('0a:00:00:90:02:0b 10.90.2.11');
    expect(c.nbctl('lr-route-list', 'lr1')).not.toContain('10.80.0.0/16');
    expect((await apply(await plan('destroy', moved))).ok).toBe(true);
    expect(ownedRows()).toEqual([]);
  });

  it('a transaction that fails changes nothing', async () => {
    const p = await plan('apply');
    // Between plan and apply someone else adds a port with the name vsh wants for vm1: lsp-add fails.
    c.nbctl('ls-add', 'other-sw', '--', 'lsp-add', 'other-sw', 'vm1');
    try {
      const before = c.nbctl('show');
      const out = await apply(p);
      expect(out.ok).toBe(false);
      expect(out.failure?.stderr).toMatch(/vm1/);
      expect(c.nbctl('show')).toBe(before);
      expect(ownedRows()).toEqual([]);
    } finally {
      c.nbctl('--if-exists', 'ls-del', 'other-sw');
    }
  });

  it('an unreachable central is a clear error before anything changes', async () => {
    const nowhere = new LocalExecutor('ctl', { env: { OVN_NB_DB: `unix:${c.dir}/missing.sock`, OVN_SB_DB: `unix:${c.dir}/missing.sock` } });
    const p = await plan('apply', undefined, nowhere);
    const errors = p.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => d.code)).toEqual(['VN200']);
    expect(errors[0]!.message).toMatch(/cannot read the OVN northbound database on ctl/);
    expect(errors[0]!.span.line).toBe(4); // the `ovn central` line
  });

  it('a chassis that never realizes the change is named by the bounded wait, and the change is rolled back', async () => {
    // A chassis that registered and then stopped: its nb_cfg never moves.
    c.sbctl('chassis-add', 'ghost', 'geneve', '127.0.0.9');
    c.sbctl('--', '--id=@c', 'get', 'Chassis', 'ghost', '--', 'create', 'Chassis_Private', 'name=ghost', 'chassis=@c', 'nb_cfg=0');
    process.env.VSH_OVN_REALIZE_TIMEOUT = '2';
    try {
      const p = await plan('apply');
      const wait = planSteps(p).find((s) => s.object === 'realized on every chassis')!;
      wait.commands = wait.commands.map((x) => ({ ...x, argv: [...x.argv.slice(0, -1), '2'] }));
      const out = await apply(p);
      expect(out.ok).toBe(false);
      expect(out.failure?.stderr).toMatch(/not realized within 2 s on every chassis: ghost/);
      expect(out.rollbackErrors).toEqual([]);
      expect(ownedRows()).toEqual([]);
    } finally {
      delete process.env.VSH_OVN_REALIZE_TIMEOUT;
      c.sbctl('chassis-del', 'ghost');
    }
  });
});
