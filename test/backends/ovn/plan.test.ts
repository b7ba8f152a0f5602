/**
 * The northbound diff, offline: the model of examples/labs/ovn-uplinks.vnet against what a
 * real central held after applying it (test/fixtures/ovn/nb-ovn-uplinks.stdout: the driver's
 * own NB probe, run on hostA of a `vsh lab --ovn`). Nothing to do when they agree; one
 * change, one step with its exact inverse; another project's rows are left alone.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { HostView } from '../../../src/backends/backend.js';
import { desiredNb } from '../../../src/backends/ovn/desired.js';
import { nbProbe, parseNb } from '../../../src/backends/ovn/read.js';
import { nbSteps } from '../../../src/backends/ovn/transaction.js';
import { mergeOvnNbctl } from '../../../src/exec/batch.js';
import { showCommand } from '../../../src/exec/command.js';
import { frontEnd } from '../../../src/lang/pipeline.js';
import { labInventory } from '../../labs/labs.js';

const LAB = 'examples/labs/ovn-uplinks.vnet';
const fixture = readFileSync(new URL('../../fixtures/ovn/nb-ovn-uplinks.stdout', import.meta.url), 'utf8');
const have = parseNb({ code: 0, stdout: fixture, stderr: '' })!;

function view(text = readFileSync(LAB, 'utf8'), project = 'ovn-uplinks'): HostView {
  const fe = frontEnd([labInventory(3, false, undefined, true), { file: LAB, text }]);
  expect(fe.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { name: 'hostA', host: fe.model.hosts.get('hostA')!, model: fe.model, datapath: 'netdev', project };
}
const steps = (v: HostView, mode: 'apply' | 'destroy' = 'apply') => nbSteps(v, desiredNb(v.model.ovn, (h) => h), have, mode);

describe('OVN northbound plan against a recorded read', () => {
  it('the fixture is what the probe reads (same tables and columns), one JSON line per table', () => {
    expect(nbProbe.command.argv).toEqual([
      'ovn-nbctl', '--timeout=5', '--format=json',
      '--columns=_uuid,name,ports,other_config,external_ids', 'list', 'Logical_Switch', '--',
      '--columns=_uuid,name,type,addresses,options,tag,external_ids', 'list', 'Logical_Switch_Port', '--',
      '--columns=_uuid,name,ports,static_routes,external_ids', 'list', 'Logical_Router', '--',
      '--columns=_uuid,name,mac,networks,gateway_chassis,external_ids', 'list', 'Logical_Router_Port', '--',
      '--columns=_uuid,chassis_name,priority', 'list', 'Gateway_Chassis', '--',
      '--columns=_uuid,ip_prefix,nexthop,external_ids', 'list', 'Logical_Router_Static_Route', '--',
      '--columns=nb_cfg,external_ids', 'list', 'NB_Global',
    ]);
    expect(have.nbCfg).toBe(4);
    expect(have.globalIds).toEqual(new Map([['vsh-host/ovn-uplinks/hostB', '0123456789abcdef01234567']]));
    expect([...have.switches.keys()].sort()).toEqual(['lr1-ext100', 'lr1-ext200', 'ls-db', 'ls-web']);
    expect(have.ports.get('lr1-ext100-ln')).toEqual({ name: 'lr1-ext100-ln', switch: 'lr1-ext100', type: 'localnet', addresses: ['unknown'], options: { network_name: 'physnet' }, tag: 100, owner: 'ovn-uplinks' });
    expect(have.routerPorts.get('lr1-ext200')).toMatchObject({ router: 'lr1', networks: ['172.30.200.1/24'], gatewayChassis: 'hostA', owner: 'ovn-uplinks' });
    expect([...have.routes.keys()]).toEqual(['lr1 0.0.0.0/0 via 172.30.200.10']);
  });

  it('nothing to do when the database holds what the model says', () => {
    expect(steps(view())).toEqual([]);
  });

  it('moving an uplink to another gateway chassis is one step, its undo the exact inverse, in one transaction with the wait after', () => {
    const moved = readFileSync(LAB, 'utf8').replace('address 172.30.100.1/24 chassis hostA', 'address 172.30.100.1/24 chassis hostB');
    const s = steps(view(moved));
    expect(s.map((x) => `${x.action} ${x.object}`)).toEqual(['~ router port lr1-ext100 (northbound)', '~ realized on every chassis']);
    expect(s[0]!.changes).toEqual(['gateway chassis: hostA -> hostB']);
    expect(showCommand(mergeOvnNbctl(s[0]!.commands))).toBe(
      `ovn-nbctl --timeout=20 set Logical_Router_Port lr1-ext100 'mac="${have.routerPorts.get('lr1-ext100')!.mac}"' 'networks=["172.30.100.1/24"]' -- lrp-del-gateway-chassis lr1-ext100 hostA -- lrp-set-gateway-chassis lr1-ext100 hostB 10`,
    );
    expect(showCommand(mergeOvnNbctl(s[0]!.undo))).toContain('lrp-del-gateway-chassis lr1-ext100 hostB -- lrp-set-gateway-chassis lr1-ext100 hostA 10');
    expect(s[0]!.span?.line).toBeGreaterThan(0);
    expect(s[1]!.commands[0]!.batch).toBe('alone');
  });

  it("a statement removed: apply removes only its rows, children with their parent (ls-del takes the switch's ports)", () => {
    const fewer = readFileSync(LAB, 'utf8').replace(/^logical uplink lr1 vlan 200 .*$/m, '');
    expect(steps(view(fewer)).map((x) => `${x.action} ${x.object}`)).toEqual([
      '- route lr1 0.0.0.0/0 via 172.30.200.10 (northbound)',
      '- router port lr1-ext200 (northbound)',
      '- logical switch lr1-ext200 (northbound)',
      '~ realized on every chassis',
    ]);
  });

  it("another project's apply leaves these rows alone; destroy removes the declared rows whoever made them", () => {
    const other = view(undefined, 'someone-else');
    other.model.ovn.switches.clear();
    other.model.ovn.routers.clear();
    other.model.ovn.ports.length = other.model.ovn.links.length = other.model.ovn.uplinks.length = other.model.ovn.routes.length = 0;
    expect(steps(other)).toEqual([]);
    const d = steps(view(undefined, 'someone-else'), 'destroy');
    // Switches in the order the database lists them; their ports and the router's go with them.
    expect(d.map((x) => `${x.action} ${x.object}`).sort()).toEqual([
      '- logical router lr1 (northbound)',
      '- logical switch lr1-ext100 (northbound)',
      '- logical switch lr1-ext200 (northbound)',
      '- logical switch ls-db (northbound)',
      '- logical switch ls-web (northbound)',
      '~ realized on every chassis',
    ]);
  });
});
