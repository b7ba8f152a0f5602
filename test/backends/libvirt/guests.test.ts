/**
 * Guest NIC XML: libvirt's own domain parser accepts what vsh generates (virsh's built-in
 * `test:///default` driver, no daemon needed), and reading the domain back gives the NICs
 * vsh asked for, which is how a re-plan finds them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { derivedMac, hostdevNicXml, networkNicXml, parseDomainXml, type GuestNic } from '../../../src/backends/libvirt/guests.js';
import { el, renderXml } from '../../../src/backends/libvirt/xml.js';
import { skipping } from '../../support/skip.js';

const NICS: GuestNic[] = [
  { type: 'network', mac: '52:54:00:10:00:01', network: 'lab-nat', model: 'virtio' },
  { type: 'network', mac: '52:54:00:d5:51:d2', network: 'ovs-vlans', portgroup: 'web', model: 'e1000' },
  { type: 'hostdev', mac: '52:54:00:30:00:01', pci: '0000:3b:02.1', vlan: '10' },
];

describe.skipIf(skipping('guest NIC XML', !existsSync('/usr/bin/virsh') && 'virsh is not installed (apt: libvirt-clients)'))('guest NIC XML', () => {
  it("is accepted by libvirt's domain parser and reads back to the same NICs", () => {
    const interfaces = NICS.map((n) => (n.type === 'hostdev' ? hostdevNicXml(n) : networkNicXml(n)));
    const domain = el('domain', { type: 'test' }, [
      el('name', {}, [], 'vsh-nic-check'),
      el('memory', {}, [], '65536'),
      el('os', {}, [el('type', {}, [], 'hvm')]),
      el('devices', {}, interfaces),
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'vsh-nic-'));
    try {
      const file = join(dir, 'domain.xml');
      writeFileSync(file, renderXml(domain));
      const r = spawnSync('virsh', ['-q', '-c', 'test:///default', `define ${file}; dumpxml --inactive vsh-nic-check`], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(parseDomainXml(r.stdout)).toEqual({ running: false, nics: NICS });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('derived MACs', () => {
  it('are stable, in libvirt’s 52:54:00 range, and differ per guest and network', () => {
    const a = derivedMac('kvm1', 'web1', 'lab-nat');
    expect(a).toBe(derivedMac('kvm1', 'web1', 'lab-nat'));
    expect(a).toMatch(/^52:54:00(:[0-9a-f]{2}){3}$/);
    expect(new Set([a, derivedMac('kvm1', 'web2', 'lab-nat'), derivedMac('kvm1', 'web1', 'other'), derivedMac('kvm2', 'web1', 'lab-nat')]).size).toBe(4);
  });
});
