/**
 * SR-IOV in sysfs: `/sys/class/net/PF/device/` holds `sriov_totalvfs` (what the NIC can
 * do), `sriov_numvfs` (how many VFs exist; written to change it) and one `virtfnN`
 * symlink per VF pointing at its PCI device. Every command here is a constant `sh -c`
 * script with the values as positional arguments, so no name ever becomes shell text.
 *
 * The sysfs root is `/sys`, or `$VSH_SYSFS_ROOT` when set (read when a plan is made): tests
 * and fixtures point it at a directory tree shaped like sysfs, since few machines have
 * SR-IOV hardware.
 */
import type { Command, CommandResult } from '../../exec/command.js';

export const sysfsRoot = (): string => process.env.VSH_SYSFS_ROOT || '/sys';

/** `ROOT/class/net/PF/device`: the PF's PCI device directory. */
export const deviceDir = (root: string, pf: string) => `${root}/class/net/${pf}/device`;
export const numvfsPath = (root: string, pf: string) => `${deviceDir(root, pf)}/sriov_numvfs`;
export const virtfnPath = (root: string, pf: string, vf: number) => `${deviceDir(root, pf)}/virtfn${vf}`;

/** Exit codes of the read script that say what the host lacks. */
const NO_INTERFACE = 3;
const NO_SRIOV = 4;

/**
 * Prints `totalvfs N`, `numvfs N` and `virtfnN DDDD:BB:SS.F` lines for PF `$2` under root
 * `$1`; exits 3 when there is no such interface, 4 when it has no SR-IOV.
 */
const READ_SCRIPT = `d="$1/class/net/$2/device"
[ -e "$1/class/net/$2" ] || exit ${NO_INTERFACE}
[ -r "$d/sriov_totalvfs" ] || exit ${NO_SRIOV}
printf 'totalvfs %s\\n' "$(cat "$d/sriov_totalvfs")"
printf 'numvfs %s\\n' "$(cat "$d/sriov_numvfs")"
for l in "$d"/virtfn*; do
  [ -L "$l" ] && t=$(readlink "$l") && printf '%s %s\\n' "\${l##*/}" "\${t##*/}"
done
exit 0`;

export function readPfCommand(root: string, pf: string): Command {
  return { argv: ['sh', '-c', READ_SCRIPT, 'sh', root, pf] };
}

export interface PfState {
  totalvfs: number;
  numvfs: number;
  /** VF index → its PCI address (`0000:3b:02.0`), from the `virtfnN` links. */
  vfs: Map<number, string>;
}

/** The read script's result → the PF's state, or why the host cannot do SR-IOV on it. */
export function parsePf(pf: string, r: CommandResult): PfState | { lacks: string } {
  if (r.code === NO_INTERFACE) return { lacks: `there is no interface ${pf}` };
  if (r.code === NO_SRIOV) return { lacks: `${pf} has no SR-IOV (no device/sriov_totalvfs: not an SR-IOV capable PF, or its driver does not enable it)` };
  const state: PfState = { totalvfs: NaN, numvfs: NaN, vfs: new Map() };
  for (const line of r.stdout.split('\n')) {
    const [key = '', value = ''] = line.trim().split(/\s+/);
    if (key === 'totalvfs') state.totalvfs = Number(value);
    else if (key === 'numvfs') state.numvfs = Number(value);
    else if (/^virtfn\d+$/.test(key) && /^[0-9a-f]+:[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/.test(value)) state.vfs.set(Number(key.slice(6)), value);
  }
  if (r.code !== 0 || !Number.isInteger(state.totalvfs) || !Number.isInteger(state.numvfs)) {
    return { lacks: `${pf}'s SR-IOV state could not be read (${r.stderr.trim().split('\n').pop() || `exit ${r.code}`})` };
  }
  return state;
}

/** Write `value` to sysfs file `path` (the kernel does the work on write). */
export function writeCommand(path: string, value: number): Command {
  return { argv: ['sh', '-c', 'echo "$1" > "$2"', 'sh', String(value), path] };
}

/** Succeeds once sysfs file `path` holds `value`. */
export function holdsCommand(path: string, value: number): Command {
  return { argv: ['sh', '-c', 'test "$(cat "$2")" = "$1"', 'sh', String(value), path] };
}

/**
 * Feed the hostdev NIC XML on stdin (with `@domain@ @bus@ @slot@ @function@` for the VF's
 * address) to `virsh $3 $2 /dev/stdin --config`, the address read from the `virtfnN` link
 * `$1` when the step runs: the VF may not exist until an earlier step of the same apply
 * creates it. The address is checked to be hex before it goes into the XML.
 */
const RESOLVE_SCRIPT = `a=$(readlink "$1"); a=\${a##*/}
case $a in *[!0-9a-f:.]*) a= ;; esac
case $a in ????:??:??.?) ;; *) echo "no VF at $1" >&2; exit 1 ;; esac
d=\${a%%:*}; t=\${a#*:}; b=\${t%%:*}; t=\${t#*:}; s=\${t%.*}; f=\${t#*.}
sed "s/@domain@/0x$d/; s/@bus@/0x$b/; s/@slot@/0x$s/; s/@function@/0x$f/" | virsh "$3" "$2" /dev/stdin --config`;

export function resolvedDeviceCommand(verb: 'attach-device' | 'detach-device', link: string, domain: string, templateXml: string): Command {
  return { argv: ['sh', '-c', RESOLVE_SCRIPT, 'sh', link, domain, verb], stdin: templateXml };
}
