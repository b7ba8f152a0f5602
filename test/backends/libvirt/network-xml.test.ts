/**
 * Network XML: every XML vsh generates validates against libvirt's own network.rng, and
 * reads back (from what the real virsh printed after defining it) to the same fields.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffFields, hasVshMark, networkFields, networkXml, showChange } from '../../../src/backends/libvirt/network-xml.js';
import { parseXml, renderXml, type XmlElement } from '../../../src/backends/libvirt/xml.js';
import type { FrontEndResult } from '../../../src/lang/pipeline.js';
import { example, model } from './support.js';

const RNG = '/usr/share/libvirt/schemas/network.rng';
const fixture = (name: string) => readFileSync(new URL(`../../fixtures/libvirt/${name}`, import.meta.url), 'utf8');

/** The XML of every network of a model, by name. */
function xmls(front: FrontEndResult): Map<string, XmlElement> {
  const m = front.model;
  return new Map([...m.networks.values()].map((n) => [n.name, networkXml(n, m.portgroups.filter((p) => p.host === n.host && p.network === n.name))]));
}

const EXAMPLES = ['libvirt-nat.vnet', 'libvirt-isolated.vnet', 'libvirt-routed.vnet', 'libvirt-ovs-portgroups.vnet', 'sriov-vfs.vnet'];

/** One network per mode and option shape the language allows. */
const SNIPPETS = `host h local
network n-nat mode nat subnet 10.1.0.0/24 dev eth0 stp off
network n-route mode route dev eth1 bridge vr1 subnet 10.2.0.1/24 dhcp 10.2.0.100-10.2.0.200 domain r.lab
network n-iso mode isolated
network n-iso-pg mode isolated subnet 10.3.0.0/30
portgroup plain default
network n-linux mode bridge bridge br0 autostart off
network n-ovs mode bridge bridge br-int virtualport openvswitch
portgroup access tag 10 default
portgroup trunk trunk 10,20,30-32
portgroup native tag 10 trunk 10,20
portgroup untagged
network n-vf mode hostdev dev ens1f1
portgroup vf10 tag 10
portgroup vftrunk trunk 10-11
`;

describe('generated network XML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vsh-rng-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("validates against libvirt's network.rng (xmllint --relaxng), for every example and every mode", () => {
    const all = [...EXAMPLES.map(example), model(SNIPPETS)].flatMap((f) => [...xmls(f)]);
    expect(all.length).toBe(12);
    const files = all.map(([name, xml]) => {
      const path = join(dir, `${name}.xml`);
      writeFileSync(path, renderXml(xml));
      return path;
    });
    const r = spawnSync('xmllint', ['--noout', '--relaxng', RNG, ...files], { encoding: 'utf8' });
    expect(r.error, 'xmllint is missing: apt-get install libxml2-utils libvirt-daemon-system').toBeUndefined();
    expect(r.stderr.trim().split('\n').sort()).toEqual(files.map((f) => `${f} validates`).sort());
    expect(r.status).toBe(0);
  });

  it('the RNG check itself rejects what libvirt would (so the test above means something)', () => {
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, "<network><name>x</name><forward mode='bogus'/></network>\n");
    expect(() => execFileSync('xmllint', ['--noout', '--relaxng', RNG, bad], { stdio: 'pipe' })).toThrow();
  });

  it('lowers the gateway as VN131 describes: given, else the subnet address with host bits, else the first host', () => {
    const x = xmls(model(`host h local
network a mode isolated subnet 10.0.0.0/24 gateway 10.0.0.254
network b mode isolated subnet 10.0.1.7/24
network c mode isolated subnet 10.0.2.0/23`));
    const ip = (n: string) => x.get(n)!.children.find((c) => c.name === 'ip')!.attrs;
    expect(ip('a')).toEqual({ address: '10.0.0.254', netmask: '255.255.255.0' });
    expect(ip('b')).toEqual({ address: '10.0.1.7', netmask: '255.255.255.0' });
    expect(ip('c')).toEqual({ address: '10.0.2.1', netmask: '255.255.254.0' });
  });

  it('portgroups: access tag, trunk, native-untagged trunk (tag + trunk), none', () => {
    const ovs = renderXml(xmls(model(SNIPPETS)).get('n-ovs')!);
    expect(ovs).toContain(`  <portgroup name='access' default='yes'>
    <vlan>
      <tag id='10'/>
    </vlan>
  </portgroup>`);
    expect(ovs).toContain(`<vlan trunk='yes'>
      <tag id='10'/>
      <tag id='20'/>
      <tag id='30'/>
      <tag id='31'/>
      <tag id='32'/>
    </vlan>`);
    expect(ovs).toContain(`<vlan trunk='yes'>
      <tag id='10' nativeMode='untagged'/>
      <tag id='20'/>
    </vlan>`);
    expect(ovs).toContain(`<portgroup name='untagged'/>`);
    expect(ovs).toContain(`<virtualport type='openvswitch'/>`);
  });

  it('writes no stp, domain or ip outside nat/route/isolated (libvirt refuses them there; VN134 reports them)', () => {
    const x = xmls(model(`host h local
network b mode bridge bridge br0
network v mode hostdev dev ens1f1`));
    expect(renderXml(x.get('b')!)).toContain(`<bridge name='br0'/>`);
    expect(renderXml(x.get('v')!)).toContain(`<forward mode='hostdev' managed='yes'>
    <pf dev='ens1f1'/>
  </forward>`);
  });
});

describe('fields read back from virsh net-dumpxml', () => {
  // Captured from the real virsh 9.0 after defining each example's network from a vsh plan.
  const cases = [
    ['libvirt-nat.vnet', 'lab-nat'],
    ['libvirt-isolated.vnet', 'cluster'],
    ['libvirt-routed.vnet', 'lab-routed'],
    ['libvirt-ovs-portgroups.vnet', 'ovs-vlans'],
    ['sriov-vfs.vnet', 'vf-pool'],
  ] as const;

  it.each(cases)('%s: %s reads back with no difference and with vsh’s mark', (file, name) => {
    const live = parseXml(fixture(`net-dumpxml-${name}.xml`))![0]!;
    const want = xmls(example(file)).get(name)!;
    expect(diffFields(networkFields(want), networkFields(live))).toEqual([]);
    expect(hasVshMark(live)).toBe(true);
  });

  it('what libvirt fills in (uuid, mac, delay, stp default, bridge name) is no difference; a real change is', () => {
    const live = networkFields(parseXml(fixture('net-dumpxml-lab-nat.xml'))![0]!);
    const bare = networkFields(networkXml(model('host h local\nnetwork lab-nat mode nat subnet 192.168.100.0/24 dhcp 192.168.100.100-192.168.100.199 domain lab.example').model.networks.get('h/lab-nat')!, []));
    expect(diffFields(bare, live)).toEqual([]);
    const changed = networkFields(networkXml(model('host h local\nnetwork lab-nat mode route dev eth0 bridge virbr11 stp off subnet 192.168.100.0/24').model.networks.get('h/lab-nat')!, []));
    expect(diffFields(changed, live).map(showChange)).toEqual([
      'forward: nat -> route',
      'forward dev: (none) -> eth0',
      'bridge: virbr10 -> virbr11',
      'stp: on -> off',
      'domain: lab.example -> (none)',
      'dhcp: 192.168.100.100-192.168.100.199 -> (none)',
    ]);
  });
});

describe('the XML reader', () => {
  it('reads entities, comments, the prolog and both quote styles', () => {
    const [e] = parseXml(`<?xml version="1.0"?>\n<!-- c --><a x="1 &amp; 2" y='&apos;&#65;&#x42;'><b>t &lt;</b><c/></a>`)!;
    expect(e!.attrs).toEqual({ x: '1 & 2', y: "'AB" });
    expect(e!.children.map((c) => [c.name, c.text])).toEqual([['b', 't <'], ['c', '']]);
  });

  it('refuses what is not well-formed instead of guessing', () => {
    for (const bad of ['<a><b></a>', '<a>', 'text', '<a x=1/>']) expect(parseXml(bad), bad).toBeUndefined();
  });

  it('writes what it reads', () => {
    const text = fixture('net-dumpxml-ovs-vlans.xml');
    const [net] = parseXml(text)!;
    expect(parseXml(renderXml(net!))).toEqual([net]);
  });
});
