/**
 * `vsh doctor`: a preflight of each host, like virt-host-validate for networking — is it
 * reachable, is OVS running and with which datapaths, which kernel features are there,
 * is libvirt reachable, which NICs can do SR-IOV. Each line passes, warns or fails, and
 * says what to do. Only what the files need on a host gets a line of its own: a missing
 * need fails; what is absent and not needed is one `info` line (a healthy lab host lacks
 * eight things no script of it uses — eight warnings were noise), and what is present and
 * not needed is one `pass` line.
 * Everything is read in one round trip per host (read-host.ts); nothing is changed.
 */
import type { Probe } from '../backends/backend.js';
import { FEATURE_INFO, FEATURE_SCRIPT, parseFeatures, type Feature } from '../backends/linux/features.js';
import { readHost } from '../backends/read-host.js';
import type { CommandResult } from '../exec/command.js';
import type { Executor } from '../exec/executor.js';
import { hostKey, type Model } from '../lang/model.js';
import { labHostOf, labWithLibvirt, type LabHost } from './lab-host.js';

/** `info`: absent, but nothing in the files needs it. */
export type Verdict = 'pass' | 'info' | 'warn' | 'fail';

export interface DoctorLine {
  verdict: Verdict;
  item: string;
  detail: string;
  /** What to do about a warn/fail. */
  fix?: string;
}

export interface HostReport {
  host: string;
  lines: DoctorLine[];
}

/**
 * The container runtimes on the host, one line each: `podman ok VERSION`, `docker ok
 * SERVER-VERSION`, or `docker down` when the CLI is there but no dockerd answers it (docker
 * needs its daemon; podman has none). A fixed script.
 */
export const RUNTIMES_SCRIPT = `for rt in podman docker; do
  command -v "$rt" >/dev/null 2>&1 || continue
  if [ "$rt" = docker ]; then
    if v=$(docker version --format '{{.Server.Version}}' 2>/dev/null); then echo "docker ok $v"; else echo "docker down"; fi
  else
    echo "podman ok $(podman --version 2>/dev/null | sed 's/.* //')"
  fi
done
exit 0`;

const PROBES: Probe[] = [
  { id: 'kernel', command: { argv: ['sh', '-c', FEATURE_SCRIPT] } },
  { id: 'uname', command: { argv: ['uname', '-r'] } },
  { id: 'ovs', command: { argv: ['ovs-vsctl', '--timeout=3', 'get', 'Open_vSwitch', '.', 'datapath_types'] } },
  { id: 'libvirt', command: { argv: ['virsh', '--quiet', 'net-list', '--all', '--name'] } },
  // A fixed script: each SR-IOV capable NIC with its totalvfs and numvfs.
  { id: 'sriov', command: { argv: ['sh', '-c', 'for f in /sys/class/net/*/device/sriov_totalvfs; do [ -e "$f" ] || continue; d=${f%/sriov_totalvfs}; n=${d%/device}; echo "${n##*/} $(cat "$f") $(cat "$d/sriov_numvfs")"; done'] } },
  { id: 'devices', command: { argv: ['sh', '-c', 'for p in /dev/net/tun /dev/vhost-net; do [ -e "$p" ] && echo "$p"; done; exit 0'] } },
  { id: 'programs', command: { argv: ['sh', '-c', 'for t in dnsmasq busybox; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done; exit 0'] } },
  { id: 'runtimes', command: { argv: ['sh', '-c', RUNTIMES_SCRIPT] } },
];

/** Programs the model runs on a host (DHCP servers and clients), with the package that has each and why it is needed. */
function programsNeeded(model: Model, host: string): { program: string; pkg: string; why: string }[] {
  const out: { program: string; pkg: string; why: string }[] = [];
  const server = model.dhcps.find((d) => d.host === host);
  if (server) out.push({ program: 'dnsmasq', pkg: 'dnsmasq-base', why: `dhcp on ${server.bridge} runs dnsmasq` });
  const client = model.ports.find((p) => p.host === host && p.stmt.address?.value === 'dhcp');
  if (client) out.push({ program: 'busybox', pkg: 'busybox-static', why: `port ${client.name} leases its address with busybox udhcpc` });
  return out;
}

/** Which kernel features the model asks of `host` (linux bridges, kernel tunnels, bonds …). */
export function featuresNeeded(model: Model, host: string): Map<Feature, string> {
  const need = new Map<Feature, string>();
  const linuxBridge = (b: string) => model.bridges.get(`${host}/${b}`)?.kind === 'linux';
  for (const b of model.bridges.values()) if (b.host === host && b.kind === 'linux') need.set('bridge', `bridge ${b.name} is a linux bridge`);
  for (const p of model.ports) {
    if (p.host !== host) continue;
    if (p.type === 'veth') need.set('veth', `port ${p.name} is a veth pair`);
    if (p.type === 'tap') need.set('tun', `port ${p.name} is a tap`);
    if (linuxBridge(p.bridge) && (p.stmt.tag || p.stmt.trunk)) need.set('vlan-filtering', `port ${p.name} has VLANs on linux bridge ${p.bridge}`);
  }
  for (const t of model.tunnels)
    for (const e of t.ends) if (e.host === host && linuxBridge(e.bridge)) need.set(t.type, `tunnel ${e.portName} ends on linux bridge ${e.bridge}`);
  for (const b of model.bonds) if (b.host === host && (!b.bridge || model.bridges.get(hostKey(host, b.bridge))?.kind === 'linux')) need.set('bonding', `bond ${b.name} is a Linux bond`);
  for (const v of model.vlans) if (v.host === host) need.set('8021q', `vlan ${v.stmt.name.value}`);
  for (const m of model.macvtaps) if (m.host === host) need.set('macvtap', `macvtap ${m.name}`);
  return need;
}

function usesOvs(model: Model, host: string): boolean {
  return [...model.bridges.values()].some((b) => b.host === host && b.kind === 'ovs');
}

function usesLibvirt(model: Model, host: string): boolean {
  return [...model.networks.values()].some((n) => n.host === host) || model.attachments.some((a) => a.host === host) || model.vfAttachments.some((a) => a.host === host);
}

const firstLine = (r: CommandResult | undefined) => (r?.stderr || r?.stdout || '').trim().split('\n')[0] ?? '';

/** The report of one host, from its probe outputs (pure: tests feed canned outputs); `lab` when it is a `vsh lab` host. */
export function evaluate(host: string, model: Model, out: ReadonlyMap<string, CommandResult>, lab?: LabHost): DoctorLine[] {
  const lines: DoctorLine[] = [];
  /** Absent here and not needed by the files: named once, at the end. */
  const unneeded: string[] = [];
  const datapath = model.hosts.get(host)?.datapath?.value ?? 'system';
  lines.push({ verdict: 'pass', item: 'reachable', detail: `runs commands (kernel ${out.get('uname')?.stdout.trim() || '?'})` });

  const ovs = out.get('ovs');
  const needOvs = usesOvs(model, host);
  if (ovs?.code === 0) {
    const types = ovs.stdout.replace(/[[\]\s]/g, '').split(',').filter(Boolean);
    const ok = types.includes(datapath);
    lines.push({
      verdict: ok ? 'pass' : needOvs ? 'fail' : 'warn',
      item: 'Open vSwitch',
      detail: `running; datapaths: ${types.join(', ') || 'none'}`,
      ...(ok ? {} : { fix: `this host's bridges use datapath ${datapath}: set 'datapath ${types.includes('netdev') ? 'netdev' : 'system'}' on the host, or load the openvswitch kernel module` }),
    });
  } else if (needOvs) {
    lines.push({
      verdict: 'fail',
      item: 'Open vSwitch',
      detail: `not reachable: ${firstLine(ovs) || 'ovs-vsctl not found'}`,
      fix: "install openvswitch-switch and start it (ovs-ctl start, or systemctl start openvswitch-switch)",
    });
  } else unneeded.push('Open vSwitch');

  const present = parseFeatures(out.get('kernel')?.stdout ?? '');
  const needed = featuresNeeded(model, host);
  const spare: Feature[] = [];
  for (const f of Object.keys(FEATURE_INFO) as Feature[]) {
    const info = FEATURE_INFO[f];
    const why = needed.get(f);
    if (!why) {
      if (present.has(f)) spare.push(f);
      else unneeded.push(f);
      continue;
    }
    lines.push(
      present.has(f)
        ? { verdict: 'pass', item: f, detail: `${info.text}: ${why}` }
        : {
            verdict: 'fail',
            item: f,
            detail: `no ${info.text}, but ${why}`,
            fix: [info.module ? `modprobe ${info.module}, or a kernel with CONFIG_${info.config}` : `a kernel with CONFIG_${info.config}`, info.instead].filter(Boolean).join('; '),
          },
    );
  }
  if (spare.length) lines.push({ verdict: 'pass', item: 'kernel', detail: `${spare.length < present.size ? 'also has' : 'has'} ${spare.join(', ')}` });

  const devices = out.get('devices')?.stdout ?? '';
  const guest = model.attachments.find((a) => a.host === host);
  if (devices.includes('/dev/vhost-net')) {
    if (guest) lines.push({ verdict: 'pass', item: 'vhost-net', detail: '/dev/vhost-net: virtio guests get in-kernel packet processing' });
  } else if (guest) {
    lines.push({ verdict: 'warn', item: 'vhost-net', detail: 'no /dev/vhost-net: the guests here fall back to slower userspace networking', fix: 'modprobe vhost_net' });
  } else unneeded.push('vhost-net');

  const virsh = out.get('libvirt');
  const needLibvirt = usesLibvirt(model, host);
  if (virsh?.code === 0) lines.push({ verdict: 'pass', item: 'libvirt', detail: `reachable; ${virsh.stdout.trim().split('\n').filter(Boolean).length} network(s) defined` });
  else if (needLibvirt) {
    lines.push({
      verdict: 'fail',
      item: 'libvirt',
      detail: `not reachable: ${firstLine(virsh) || 'virsh not found'}`,
      fix: lab && !lab.libvirt ? `this host's lab was made without libvirt: ${labWithLibvirt(lab)}` : 'install libvirt-daemon-system and libvirt-clients, and start libvirtd',
    });
  } else unneeded.push(lab && !lab.libvirt ? 'libvirt (lab up without --libvirt)' : 'libvirt');

  const programs = new Set((out.get('programs')?.stdout ?? '').split('\n').filter(Boolean));
  for (const { program, pkg, why } of programsNeeded(model, host)) {
    lines.push(programs.has(program) ? { verdict: 'pass', item: program, detail: `installed: ${why}` } : { verdict: 'fail', item: program, detail: `not installed, but ${why}`, fix: `apt-get install ${pkg}` });
  }

  const runtimes = new Map((out.get('runtimes')?.stdout ?? '').split('\n').map((l) => l.trim().split(' ')).filter((w) => w.length >= 2).map(([rt, state, version]) => [rt!, { up: state === 'ok', version }]));
  const byRuntime = new Map<string, string>();
  for (const c of model.containers.values()) if (c.host === host && !byRuntime.has(c.runtime)) byRuntime.set(c.runtime, c.name);
  for (const [rt, name] of byRuntime) {
    const found = runtimes.get(rt);
    const why = `container ${name} runs with ${rt}`;
    const pkg = rt === 'docker' ? 'docker.io' : rt;
    if (!found) lines.push({ verdict: 'fail', item: rt, detail: `not installed, but ${why}`, fix: `apt-get install ${pkg}` });
    else if (!found.up) lines.push({ verdict: 'fail', item: rt, detail: `installed, but no dockerd answers it, and ${why}`, fix: 'start dockerd (systemctl start docker); on a vsh lab, vsh lab up --docker' });
    else lines.push({ verdict: 'pass', item: rt, detail: `${rt === 'docker' ? 'dockerd' : 'podman'} ${found.version ?? ''}`.trim() + `: ${why}` });
  }

  const nics = (out.get('sriov')?.stdout ?? '').trim().split('\n').filter(Boolean);
  const pfs = new Map(nics.map((l) => l.split(' ')).map(([n, total, num]) => [n!, { total: Number(total), num: Number(num) }]));
  for (const s of model.sriovs.filter((x) => x.host === host)) {
    const pf = pfs.get(s.stmt.pf.value);
    lines.push(
      pf
        ? { verdict: s.stmt.vfs.value <= pf.total ? 'pass' : 'fail', item: `SR-IOV ${s.stmt.pf.value}`, detail: `${pf.num} of at most ${pf.total} VFs; the model asks for ${s.stmt.vfs.value}` }
        : { verdict: 'fail', item: `SR-IOV ${s.stmt.pf.value}`, detail: `${s.stmt.pf.value} is not an SR-IOV capable NIC on this host`, fix: 'enable SR-IOV (and VT-d/IOMMU) in the firmware, or name another PF' },
    );
  }
  if (!model.sriovs.some((x) => x.host === host)) {
    if (pfs.size) lines.push({ verdict: 'pass', item: 'SR-IOV', detail: [...pfs].map(([n, p]) => `${n} (${p.num}/${p.total} VFs)`).join(', ') });
    else unneeded.push('SR-IOV');
  }
  if (unneeded.length) {
    lines.push({
      verdict: 'info',
      item: 'not needed',
      detail: `absent here, and the files use none of it: ${unneeded.join(', ')}`,
    });
  }
  return lines;
}

/** Read each host once and report; an unreachable host is one failing line. */
export async function doctor(model: Model, hosts: readonly string[], executorFor: (host: string) => Executor): Promise<HostReport[]> {
  return Promise.all(
    hosts.map(async (host) => {
      try {
        const out = await readHost(executorFor(host), PROBES);
        const stmt = model.hosts.get(host);
        return { host, lines: evaluate(host, model, out, stmt && labHostOf(stmt)) };
      } catch (err) {
        return { host, lines: [{ verdict: 'fail' as const, item: 'reachable', detail: (err as Error).message, fix: 'check the address, the SSH key and known_hosts (vsh plan shows the same error)' }] };
      }
    }),
  );
}
