/**
 * Hints that used to lead in circles (issue 11): following the hint of one diagnostic must not
 * produce another that forbids it.
 */
import { describe, expect, it } from 'vitest';
import { check, TWO_HOSTS } from '../helpers.js';

const errors = (text: string) => check(`${TWO_HOSTS}${text}`).diagnostics.filter((d) => d.severity === 'error');

describe('hints that lead somewhere', () => {
  it("a port on a libvirt nat network's bridge: VN101 says libvirt makes it and what to write instead; that script checks clean", () => {
    const [d, ...rest] = errors('network lab on hostA mode nat bridge virbr1 subnet 192.168.100.0/24\nnamespace red on hostA\nport red-p on virbr1@hostA type veth peer red:eth0\n');
    expect(rest).toEqual([]);
    expect(d?.code).toBe('VN101');
    expect(d?.hint).toContain("network 'lab'");
    expect(d?.hint).toContain("'attach GUEST to lab'");
    // Declaring virbr1 (the old hint) is VN133; the new hint's way is clean:
    expect(errors('network lab on hostA mode nat bridge virbr1\nbridge virbr1 on hostA\n').map((e) => e.code)).toEqual(['VN133']);
    expect(errors('bridge br-lab on hostA\nnetwork lab on hostA mode bridge bridge br-lab\nnamespace red on hostA\nport red-p on br-lab@hostA type veth peer red:eth0\n')).toEqual([]);
  });

  it("a bridge named as another bridge's port: VN106 suggests a link, and the link checks clean", () => {
    const [d] = errors('bridge br-a on hostA kind ovs\nbridge br-b on hostA\nport br-b on br-a@hostA type system\n');
    expect(d?.code).toBe('VN106');
    expect(d?.hint).toContain("link br-b <-> BRIDGE");
    expect(errors('bridge br-a on hostA kind ovs\nbridge br-b on hostA\nlink br-a@hostA <-> br-b@hostA\n')).toEqual([]);
  });
});
