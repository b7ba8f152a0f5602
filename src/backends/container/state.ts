/**
 * What the container driver reads on a host, in one probe per runtime (a fixed script;
 * the runtime's program is its only argument): the containers that carry a vsh label
 * (`ps -aq --filter label=vsh`, then one `inspect` of them all) with their state, pid and
 * labels, the inode of each one's network namespace, and the named network namespaces
 * (`/run/netns`) with the vsh mark on their `lo`, so that a name attached to a container's
 * old namespace is seen as stale, and a namespace vsh did not make is never taken.
 * Parsing never throws: odd lines are skipped.
 */
import type { Probe, ProbeOutputs } from '../backend.js';
import type { Runtime } from './runtime.js';

export const PROBE_SCRIPT = `rt=$1
command -v "$rt" >/dev/null 2>&1 || { echo "$rt is not installed" >&2; exit 127; }
ids=$("$rt" ps -aq --filter label=vsh) || exit 3
if [ -n "$ids" ]; then
  "$rt" inspect --format '{{.State.Pid}} {{.State.Status}} {{.Name}} {{json .Config.Labels}}' $ids | while read -r pid status name labels; do
    ino=-; [ "$pid" -gt 0 ] 2>/dev/null && ino=$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null || echo -)
    printf 'c %s %s %s %s %s\\n' "$pid" "$status" "$ino" "\${name#/}" "$labels"
  done
fi
for f in /run/netns/*; do
  [ -e "$f" ] || continue; n=\${f##*/}
  mark=$(ip -n "$n" -o link show dev lo 2>/dev/null | sed -n 's/.* alias \\(vsh[^ ]*\\).*/\\1/p')
  printf 'n %s %s %s\\n' "$(stat -L -c %i "$f" 2>/dev/null || echo -)" "$n" "\${mark:--}"
done
exit 0`;

/** One container with a vsh label, as read. */
export interface ContainerState {
  name: string;
  /** running, exited, created, paused … */
  status: string;
  pid: number;
  /** Inode of its network namespace (undefined when it has no process). */
  netns?: string;
  labels: Record<string, string>;
}

export interface RuntimeState {
  /** False offline, or when the probe did not run. */
  read: boolean;
  /** The runtime's program is on the host. */
  installed: boolean;
  /** Why reading failed, when it did (other than "not installed"). */
  error?: string;
  containers: Map<string, ContainerState>;
  /** Named network namespaces: name → inode, and the vsh mark on its `lo` (absent: vsh did not make it). */
  netns: Map<string, { ino: string; mark?: string }>;
}

/** Per runtime id. */
export type ContainersState = Map<string, RuntimeState>;

export const probeId = (r: Runtime): string => `container.${r.id}`;

export function containerProbe(r: Runtime): Probe {
  return { id: probeId(r), command: { argv: ['sh', '-c', PROBE_SCRIPT, 'sh', r.program] } };
}

export function parseProbe(stdout: string): Pick<RuntimeState, 'containers' | 'netns'> {
  const containers = new Map<string, ContainerState>();
  const netns: RuntimeState['netns'] = new Map();
  for (const line of stdout.split('\n')) {
    const m = /^c (-?\d+) (\S+) (\S+) (\S+) (.*)$/.exec(line);
    if (m) {
      let labels: Record<string, string> = {};
      try {
        const v: unknown = JSON.parse(m[5]!);
        if (v && typeof v === 'object' && !Array.isArray(v)) labels = Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>;
      } catch {
        // labels unreadable: the container reads as not vsh's
      }
      const c: ContainerState = { name: m[4]!, status: m[2]!, pid: Number(m[1]), labels };
      if (m[3] !== '-') c.netns = m[3]!;
      containers.set(c.name, c);
      continue;
    }
    const n = /^n (\S+) (\S+) (\S+)$/.exec(line);
    if (n && n[1] !== '-') netns.set(n[2]!, n[3] === '-' ? { ino: n[1]! } : { ino: n[1]!, mark: n[3]! });
  }
  return { containers, netns };
}

/** One runtime's probe output → its state. */
export function readRuntime(r: Runtime, outputs: ProbeOutputs): RuntimeState {
  const empty = { containers: new Map(), netns: new Map() };
  if (!outputs) return { read: false, installed: true, ...empty };
  const out = outputs.get(probeId(r));
  if (!out) return { read: false, installed: true, ...empty };
  if (out.code === 127) return { read: true, installed: false, ...empty };
  if (out.code !== 0) return { read: false, installed: true, error: out.stderr.trim().split('\n').at(-1) || `exit ${out.code}`, ...empty };
  return { read: true, installed: true, ...parseProbe(out.stdout) };
}
