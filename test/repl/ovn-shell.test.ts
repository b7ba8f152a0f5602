/** The shell knows the OVN statements: completion of their two-word heads and per-form options, `show logical`, `show ir`. */
import { describe, expect, it } from 'vitest';
import { complete, namesOf } from '../../src/repl/complete.js';
import { Session } from '../../src/repl/session.js';
import { SEED_004 } from '../backends/ovn/fixture.js';

describe('OVN in the shell', () => {
  const s = new Session();
  for (const l of SEED_004.trim().split('\n')) expect(s.accept(l).status, l).toBe('staged');
  const c = (line: string) => complete(line, namesOf(s.model))[0];

  it('completes the second word, hosts, and only the options of the form being typed', () => {
    expect(c('ovn ')).toEqual(['central', 'chassis']);
    expect(c('ovn chassis host')).toEqual(['hostA', 'hostB']);
    expect(c('logical ')).toEqual(['switch', 'router', 'port', 'link', 'uplink', 'route']);
    expect(c('logical port vm5 ')).toEqual(['on', 'host', 'peer']);
    expect(c('logical port vm5 on ls-web host ')).toEqual(['hostA', 'hostB']);
    expect(c('logical uplink lr1 ').sort()).toEqual(['address', 'chassis', 'gateway', 'network', 'vlan']);
    expect(c('logical link lr1 ')).toEqual(['to ']); // a lone word is completed with its space
    expect(c('ovn chassis hostA encap ')).toEqual(['geneve', 'vxlan']);
  });

  it('show logical lists the topology; show ir carries it', () => {
    const text = s.show('logical');
    expect(text).toMatch(/^ {2}LOGICAL +NAME +ON +HOST\/CHASSIS +ADDRESS$/m);
    expect(text).toMatch(/^ {2}uplink +lr1-ext100 +physnet VLAN 100 +hostA +172\.30\.100\.1\/24$/m);
    expect(text).toMatch(/^ {2}port +vm2 +ls-db +hostB +0a:00:00:90:02:0a 10\.90\.2\.10$/m);
    const ir = JSON.parse(s.show('ir')) as { ovn: { central: { host: string }; routers: unknown[] } };
    expect(ir.ovn.central.host).toBe('hostA');
    expect(ir.ovn.routers).toHaveLength(1);
  });
});
