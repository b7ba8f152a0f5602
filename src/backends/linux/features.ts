/**
 * Kernel features, detected read-only in one probe, so that vsh can say "the kernel on
 * hostA has no 802.1Q VLAN support" (VN201) instead of letting `ip` fail with
 * `RTNETLINK answers: Operation not supported`, and so that VN115 knows about bridge
 * VLAN filtering.
 *
 * How (first that answers wins, per feature):
 *   1. the kernel's own config (`/proc/config.gz`, else `/boot/config-$(uname -r)`):
 *      present iff CONFIG_X is `y` or `m` — authoritative;
 *   2. evidence of the code being there: `/sys/module/M`, `modprobe -n -q M` (a module
 *      that could be loaded, or a built-in listed in modules.builtin), or a path only the
 *      loaded code makes (`/sys/class/misc/tun`, `/sys/class/macvtap`, `/proc/net/vlan`,
 *      `/sys/class/net/bonding_masters`, a bridge's `bridge/vlan_filtering` attribute);
 *   3. no evidence but modules.builtin exists (so modprobe would have known): absent;
 *   4. otherwise unknown, taken as present — real hosts usually have it, and a wrong
 *      "missing" would block a plan that works.
 * Nothing is loaded or created: `modprobe -n` only looks.
 */
import { diag, type Diagnostic, type Span } from '../../lang/diagnostics.js';
import { RUN_DIR } from '../../exec/run-dir.js';

export const FEATURES = ['bridge', 'vlan-filtering', '8021q', 'gre', 'vxlan', 'geneve', 'bonding', 'tun', 'macvtap', 'veth'] as const;
export type Feature = (typeof FEATURES)[number];

export interface FeatureInfo {
  /** Kernel config option (without CONFIG_). */
  config: string;
  /** Module name, for `/sys/module`, `modprobe -n` and the hint. */
  module?: string;
  /** A path that exists only when the code is loaded. */
  path?: string;
  /** How messages name it. */
  text: string;
  /** What to use instead, for the hint. */
  instead?: string;
}

/** What each feature is called, and how to get or avoid it (also read by `vsh doctor`). */
export const FEATURE_INFO: Record<Feature, FeatureInfo> = {
  bridge: { config: 'BRIDGE', module: 'bridge', text: 'Linux bridge support (bridge)', instead: "an OVS bridge ('kind ovs') needs no bridge module" },
  'vlan-filtering': { config: 'BRIDGE_VLAN_FILTERING', text: 'bridge VLAN filtering' },
  '8021q': { config: 'VLAN_8021Q', module: '8021q', path: '/proc/net/vlan', text: '802.1Q VLAN support (8021q)', instead: "an OVS port with 'tag' needs no 8021q" },
  gre: { config: 'NET_IPGRE', module: 'ip_gre', text: 'GRE tunnel support (ip_gre)', instead: "'tunnel vxlan', or GRE between OVS bridges, needs no ip_gre" },
  vxlan: { config: 'VXLAN', module: 'vxlan', text: 'VXLAN support (vxlan)', instead: 'VXLAN between OVS bridges needs no vxlan module' },
  geneve: { config: 'GENEVE', module: 'geneve', text: 'GENEVE support (geneve)', instead: "'tunnel vxlan', or GENEVE between OVS bridges, needs no geneve module" },
  bonding: { config: 'BONDING', module: 'bonding', path: '/sys/class/net/bonding_masters', text: 'bonding support (bonding)', instead: "an OVS bond ('bond NAME on BRIDGE') needs no bonding module" },
  tun: { config: 'TUN', module: 'tun', path: '/sys/class/misc/tun', text: 'tun/tap support (tun)' },
  macvtap: { config: 'MACVTAP', module: 'macvtap', path: '/sys/class/macvtap', text: 'macvtap support (macvtap)' },
  veth: { config: 'VETH', module: 'veth', text: 'veth support (veth)' },
};

const CONFIG_RE = FEATURES.map((f) => FEATURE_INFO[f].config).join('|');
const MODULES = FEATURES.flatMap((f) => FEATURE_INFO[f].module ?? []).join(' ');
const PATHS = FEATURES.flatMap((f) => FEATURE_INFO[f].path ?? []).join(' ');

/** Where the config lines of the running kernel are kept: they cannot change until a reboot. */
export const FEATURE_CACHE = `${RUN_DIR}/kernel-config`;

/**
 * The probe: a fixed script (no user text in it) printing `config …`, `modules`, `module M`,
 * `path P` lines. The kernel config is authoritative, so when it is readable nothing else is
 * looked at, and its lines are kept in FEATURE_CACHE under the boot's id: the probe runs on
 * every plan, and decompressing the config costs ~25 ms of forks on the host where reading
 * the kept lines costs none (`read` is a shell builtin). The module evidence is not kept:
 * installing a module package changes it without a reboot.
 */
export const FEATURE_SCRIPT = [
  `read -r boot </proc/sys/kernel/random/boot_id 2>/dev/null; f="${FEATURE_CACHE}.$boot"`,
  `if [ -n "$boot" ] && [ -r "$f" ]; then while IFS= read -r l; do printf '%s\\n' "$l"; done <"$f"; exit 0; fi`,
  `c=$(zcat /proc/config.gz 2>/dev/null || cat "/boot/config-$(uname -r)" 2>/dev/null)`,
  `if [ -n "$c" ]; then`,
  `  lines=$(echo config; printf '%s\\n' "$c" | grep -E '^CONFIG_(${CONFIG_RE})=' | sed 's/^/config /')`,
  `  printf '%s\\n' "$lines"`,
  `  [ -n "$boot" ] && mkdir -p ${RUN_DIR} 2>/dev/null && printf '%s\\n' "$lines" >"$f.$$" 2>/dev/null && mv -f "$f.$$" "$f" 2>/dev/null`,
  `  exit 0`,
  `fi`,
  `[ -r "/lib/modules/$(uname -r)/modules.builtin" ] && echo modules`,
  `for m in ${MODULES}; do if [ -d "/sys/module/$m" ] || modprobe -n -q "$m" 2>/dev/null; then echo "module $m"; fi; done`,
  `for p in ${PATHS}; do [ -e "$p" ] && echo "path $p"; done`,
  `for p in /sys/class/net/*/bridge; do [ -d "$p" ] && echo "path bridge" && { [ -e "$p/vlan_filtering" ] && echo "path vlan_filtering"; }; break; done`,
  'exit 0',
].join('\n');

/** The probe's output → the features present (unknown ones included, see the file comment). */
export function parseFeatures(output: string): Set<Feature> {
  const lines = new Set(output.split('\n').map((l) => l.trim()));
  const hasConfig = lines.has('config');
  const config = new Map<string, string>();
  for (const l of lines) {
    const m = /^config CONFIG_(\w+)=(\w+)$/.exec(l);
    if (m) config.set(m[1]!, m[2]!);
  }
  const present = new Set<Feature>();
  for (const f of FEATURES) {
    const info = FEATURE_INFO[f];
    let has: boolean;
    if (hasConfig) has = ['y', 'm'].includes(config.get(info.config) ?? '');
    else if (f === 'vlan-filtering') has = lines.has('path vlan_filtering') || (!lines.has('path bridge') && present.has('bridge'));
    else if ((info.module && lines.has(`module ${info.module}`)) || (info.path && lines.has(`path ${info.path}`))) has = true;
    else has = !lines.has('modules');
    if (has) present.add(f);
  }
  return present;
}

/** VN201: the kernel on `host` lacks `feature`, which `label` (e.g. "vlan ens224.10") needs. */
export function missingFeature(host: string, feature: Feature, label: string, span: Span): Diagnostic {
  const info = FEATURE_INFO[feature];
  const load = info.module ? `load it with 'modprobe ${info.module}' if it is built as a module, or use a kernel with CONFIG_${info.config}` : `use a kernel with CONFIG_${info.config}`;
  return diag('VN201', span, `the kernel on ${host} has no ${info.text}: '${label}' cannot be created`, {
    hint: info.instead ? `${load}; ${info.instead}` : load,
  });
}
