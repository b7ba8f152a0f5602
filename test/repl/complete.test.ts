/** Tab completion: keywords, commands, options at the cursor, enumerated values, declared names, VLANs. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { STATEMENT_KEYWORDS } from '../../src/lang/grammar.js';
import { COMMAND_WORDS } from '../../src/repl/commands.js';
import { complete, namesOf, type DeclaredNames } from '../../src/repl/complete.js';
import { Session } from '../../src/repl/session.js';

function names(...lines: string[]): DeclaredNames {
  const s = new Session();
  for (const l of lines) expect(s.accept(l).status, l).toBe('staged');
  return namesOf(s.model);
}

const LAB = names(
  'host hostA local',
  'host hostB address 192.0.2.12 underlay 10.200.0.2',
  'use hostA; bridge br-int; bridge br-ex',
  'namespace red; namespace blue',
  'port vm1 on br-int tag 10; port vm2 on br-int trunk 20,30-32',
  'network default mode bridge bridge br-ex virtualport openvswitch; portgroup web tag 40',
);
const c = (line: string) => complete(line, LAB)[0];

describe('complete', () => {
  it('offers statement keywords and shell commands at the start of a line', () => {
    expect(c('')).toEqual([...STATEMENT_KEYWORDS, ...COMMAND_WORDS]);
    expect(c('po')).toEqual(['port', 'portgroup']);
    expect(c('br')).toEqual(['bridge ']);
    expect(c('ap')).toEqual(['apply ']);
    expect(c('ho')).toEqual(['host', 'hosts']);
    expect(complete('ne', LAB)).toEqual([['network '], 'ne']);
  });

  it('offers the options valid at the cursor, in grammar order, without those already given', () => {
    expect(c('port vm3 ')).toEqual(['on', 'type', 'tag', 'trunk', 'native', 'peer', 'address', 'mtu']);
    expect(c('port vm3 tag 10 native ')).toEqual(['on', 'type', 'trunk', 'peer', 'address', 'mtu']);
    expect(c('port vm3 t')).toEqual(['type', 'tag', 'trunk']);
    expect(c('bridge br9 kind linux m')).toEqual(['mtu ']);
    // A name that is also a keyword is the statement's name, not an option.
    expect(c('port tag ')).toContain('tag');
    // Options of the attach form being typed.
    expect(c('attach web1 to default ')).toEqual(['on', 'portgroup', 'model', 'mac', 'live', 'config']);
    expect(c('attach web1 to vf ens1f0#1 ')).toEqual(['on', 'mac', 'vlan']);
    expect(c('use hostA ')).toEqual([]);
  });

  it('offers the enumerated values after an option', () => {
    expect(c('network n1 mode ')).toEqual(['nat', 'route', 'isolated', 'bridge', 'hostdev']);
    expect(c('network n1 mode r')).toEqual(['route ']);
    expect(c('port p type ')).toEqual(['system', 'internal', 'tap', 'veth']);
    expect(c('bridge b stp ')).toEqual(['on', 'off']);
    expect(c('macvtap m link eth0 mode ')).toEqual(['vepa', 'bridge', 'private', 'passthru']);
    expect(c('host h local datapath ')).toEqual(['system', 'netdev']);
    expect(c('tunnel ')).toEqual(['gre', 'vxlan', 'geneve']);
    expect(c('expect ')).toEqual(['reach', 'noreach']);
  });

  it('offers names already declared where such a name fits', () => {
    expect(c('use ')).toEqual(['hostA', 'hostB']);
    expect(c('bridge br9 on ')).toEqual(['hostA', 'hostB']);
    expect(c('port vm3 on ')).toEqual(['br-ex', 'br-int']);
    expect(c('port vm3 on br-i')).toEqual(['br-int ']);
    expect(c('attach web1 to ')).toEqual(['vf', 'default']);
    expect(c('attach web1 to default portgroup ')).toEqual(['web ']);
    expect(c('portgroup db of ')).toEqual(['default ']);
    expect(c('port v9 type veth peer ')).toEqual(['blue:', 'red:']);
    expect(c('expect reach ')).toEqual(['blue', 'red']);
    expect(c('expect noreach r')).toEqual(['red ']);
    expect(c('tunnel gre ')).toEqual(['hostA', 'hostB']);
    expect(c('tunnel gre hostA ')).toEqual(['<-> ']);
    expect(complete('tunnel gre hostA<->hostB', LAB)).toEqual([['hostB '], 'hostB']);
    expect(complete('tunnel gre hostA<->', LAB)).toEqual([['hostA', 'hostB'], '']);
    expect(c('link ')).toEqual(['br-ex', 'br-int']);
    expect(c('link br-int ')).toEqual(['<-> ']);
    expect(complete('link br-int<->br-e', LAB)).toEqual([['br-ex '], 'br-e']);
    expect(c('link br-int <-> br-ex ')).toEqual(['name ']);
    expect(c('tunnel gre hostA <-> hostB ')).toEqual(['on', 'trunk', 'key', 'vni', 'dstport', 'name']);
  });

  it('offers the VLAN ids in use after tag and trunk, item by item in a list', () => {
    expect(c('port vm3 tag ')).toEqual(['10', '20', '30', '31', '32', '40']);
    expect(c('port vm3 tag 3')).toEqual(['30', '31', '32']);
    expect(complete('port vm3 trunk 10,3', LAB)).toEqual([['30', '31', '32'], '3']);
    expect(complete('port vm3 trunk 10,20,', LAB)).toEqual([['30', '31', '32', '40'], '']);
  });

  it('completes the current statement only, across `;` and continued lines', () => {
    expect(c('bridge br9; port p1 ty')).toEqual(['type ']);
    expect(c('port p1 tag 10 \\\n  na')).toEqual(['native ']);
  });

  it('completes command arguments, and statements after explain', () => {
    expect(c('show ')).toEqual(['hosts', 'bridges', 'ports', 'tunnels', 'networks', 'staged', 'ir', 'containers', 'dhcp', 'links', 'routes', 'flows', 'logical', 'live']);
    expect(c('show p')).toEqual(['ports ']);
    expect(c('show l')).toEqual(['links', 'logical', 'live']);
    expect(c('set ')).toEqual(['apply ']);
    expect(c('set apply ')).toEqual(['auto', 'staged']);
    expect(c('plan -')).toEqual(['--offline ']);
    expect(c('help por')).toEqual(['port', 'portgroup']);
    expect(c('explain ')).toEqual(STATEMENT_KEYWORDS);
    expect(c('explain port vm3 on ')).toEqual(['br-ex', 'br-int']);
  });

  it('completes .vnet files and directories after load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vsh-complete-'));
    try {
      writeFileSync(join(dir, 'lab.vnet'), '');
      writeFileSync(join(dir, 'notes.txt'), '');
      mkdirSync(join(dir, 'labs'));
      expect(complete(`load ${dir}/la`, LAB)).toEqual([[`${dir}/lab.vnet`, `${dir}/labs/`], `${dir}/la`]);
      expect(complete(`load ${dir}/n`, LAB)[0]).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('complete flow and trace', () => {
  it('flow has no head name: its options come at once, and on offers bridges', () => {
    expect(c('flow ')).toEqual(['on', 'table', 'priority', 'match', 'actions']);
    expect(c('flow on br-')).toEqual(['br-ex', 'br-int']);
    expect(c('flow on br-int match "ip" ')).toEqual(['table', 'priority', 'actions']);
  });

  it('trace: from, a namespace, to, then proto/port/--json', () => {
    expect(complete('trace ', LAB)).toEqual([['from '], '']);
    expect(c('trace from ')).toEqual(['blue', 'red']);
    expect(complete('trace from red ', LAB)).toEqual([['to '], '']);
    expect(c('trace from red to 10.0.0.2 ')).toEqual(['proto', 'port', '--json']);
    expect(c('trace from red to 10.0.0.2 proto ')).toEqual(['icmp', 'tcp', 'udp']);
  });
});
