/**
 * The argv of every container command. User text (names, image, command words, labels)
 * only ever travels as argv elements; the few `sh -c` scripts here are fixed text that
 * read their inputs as positional parameters ("$1"), never spliced in.
 */
import type { Command } from '../../exec/command.js';
import type { Runtime } from './runtime.js';
import type { ContainerWant, Plug } from './spec.js';

/** `RT run --detach … --network none --label … IMAGE [ARGV…]`: started with no network of the runtime's own. */
export function runContainer(w: Pick<ContainerWant, 'name' | 'runtime' | 'image' | 'argv' | 'labels'>): Command {
  const labels = w.labels.flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  return { argv: [w.runtime.program, 'run', '--detach', '--name', w.name, '--hostname', w.name, '--network', 'none', ...labels, w.image, ...w.argv] };
}

/** `RT start NAME`. */
export const startContainer = (rt: Runtime, name: string): Command => ({ argv: [rt.program, 'start', name] });

/** `RT stop NAME` (undo of a start). */
export const stopContainer = (rt: Runtime, name: string): Command => ({ argv: [rt.program, 'stop', '--time', '1', name] });

/** Remove the container and the name of its network namespace; tolerates either being gone (undo, destroy). */
export function removeContainer(rt: Runtime, name: string): Command {
  return { argv: ['sh', '-c', 'rt=$1; shift; name=$1; shift; ip netns del "$name" 2>/dev/null; "$rt" "$@" "$name" >/dev/null 2>&1; ! "$rt" inspect --type container "$name" >/dev/null 2>&1', 'sh', rt.program, name, ...rt.rmArgs] };
}

/**
 * Give the running container's network namespace the container's name (`ip netns attach
 * NAME PID`), so that every iproute2 command vsh writes for a namespace (`ip -n NAME`,
 * `… netns NAME`, `ip netns exec NAME ping`) works for the container unchanged; its `lo`
 * gets vsh's mark, as a namespace vsh makes does. A container that is not running has
 * exited at once: the step fails with its last log lines. (The planner never gets here
 * when a namespace of that name is someone else's: the read reports it, VN106.)
 */
export const ATTACH_SCRIPT = `rt=$1 name=$2 mark=$3
st=$("$rt" inspect --format '{{.State.Status}} {{.State.Pid}}' "$name") || exit 1
case $st in
  running\\ *) pid=\${st#running } ;;
  *) echo "container $name exited at once (\${st%% *}); its last log lines:" >&2; "$rt" logs --tail 20 "$name" >&2; exit 1 ;;
esac
ip netns del "$name" 2>/dev/null
ip netns attach "$name" "$pid" && exec ip -n "$name" link set dev lo alias "$mark"`;

/** Attach the name; `mark` (linkMark(project)) goes on the namespace's `lo`, so a name left behind is known to be vsh's. */
export const attachNetns = (rt: Runtime, name: string, mark: string): Command => ({ argv: ['sh', '-c', ATTACH_SCRIPT, 'sh', rt.program, name, mark] });

/**
 * After the host's containers started: wait half a second once, then every one must still
 * run; one that stopped fails the step with its last log lines (and the apply rolls back).
 */
export const SETTLE_SCRIPT = `rt=$1; shift; sleep 0.5; bad=0
for n; do
  st=$("$rt" inspect --format '{{.State.Status}}' "$n" 2>/dev/null)
  [ "$st" = running ] && continue
  echo "container $n stopped right after it started (\${st:-gone}); its last log lines:" >&2
  "$rt" logs --tail 20 "$n" >&2; bad=1
done
exit $bad`;

export const settle = (rt: Runtime, names: readonly string[]): Command => ({ argv: ['sh', '-c', SETTLE_SCRIPT, 'sh', rt.program, ...names] });

/** Take the container's veth ports out of OVS and the kernel, whatever is left of them (they are plugged in again). */
export function unplug(plugs: readonly Plug[]): Command[] {
  if (plugs.length === 0) return [];
  return [
    ...plugs.filter((p) => p.ovsBridge).map((p): Command => ({ argv: ['ovs-vsctl', '--if-exists', 'del-port', p.ovsBridge!, p.port], batch: 'ovs-vsctl' })),
    { argv: ['sh', '-c', 'for l; do ip link del dev "$l" 2>/dev/null; done; true', 'sh', ...plugs.map((p) => p.port)] },
  ];
}

/** Read-only: succeeds while the container runs. */
export const isRunning = (rt: Runtime, name: string): Command => ({ argv: ['sh', '-c', '[ "$("$1" inspect --format "{{.State.Status}}" "$2")" = running ]', 'sh', rt.program, name] });
