/**
 * Decided containers → steps (phase namespaces: a container and the name of its network
 * namespace exist before the devices phase makes veths with `netns NAME`), removals of
 * containers the project made that the model dropped, and destroy.
 */
import { PHASE, type Step } from '../backend.js';
import type { Command } from '../../exec/command.js';
import type { HostView } from '../backend.js';
import { linkMark, ownsOvs } from '../ownership.js';
import { attachNetns, isRunning, removeContainer, runContainer, settle, startContainer, stopContainer, unplug } from './commands.js';
import type { Decided } from './fate.js';
import { RUNTIMES, type Runtime } from './runtime.js';
import { LABEL, plugsOf, type ContainerWant } from './spec.js';
import type { ContainerState, ContainersState } from './state.js';

function step(host: string, f: Omit<Step, 'host' | 'backend' | 'phase'>): Step {
  return { host, backend: 'container', phase: PHASE.namespaces, ...f };
}

/** The container as it was (from its labels), to put back on undo; undefined when its labels do not say. */
function previous(rt: Runtime, have: ContainerState): Command | undefined {
  const image = have.labels[LABEL.image];
  let argv: unknown;
  try {
    argv = JSON.parse(have.labels[LABEL.command] ?? 'null');
  } catch {
    return undefined;
  }
  if (!image || !Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) return undefined;
  return runContainer({ name: have.name, runtime: rt, image, argv, labels: Object.entries(have.labels) });
}

const plugText = (w: ContainerWant) => (w.plugs.length ? ` Its ports (${w.plugs.map((p) => p.port).join(', ')}) are plugged in again: their veths die with the old network namespace, and OVS must forget a port before a new device of the same name works there.` : '');

function planOne(host: string, d: Decided, mark: string): Step | undefined {
  const w = d.want;
  const rt = w.runtime;
  const look: Command = { argv: [rt.program, 'ps', '--all', '--filter', `name=^${w.name}$`] };
  const common = { object: `container ${w.name}`, span: w.span, verify: isRunning(rt, w.name), look };
  const start = [runContainer(w), attachNetns(rt, w.name, mark)];
  const why = `with --network none: the runtime gives it no network of its own, and vsh names its network namespace ${w.name} (ip netns attach) so that ports plug into it as into a namespace`;
  switch (d.fate) {
    case 'keep':
      return undefined;
    case 'create':
      return step(host, {
        ...common,
        action: '+',
        commands: [...(d.have || d.handle ? unplug(w.plugs) : []), ...start],
        undo: [removeContainer(rt, w.name)],
        explain: `Runs ${w.image}${w.argv.length ? ` (${w.argv.join(' ')})` : ''} as container ${w.name} with ${rt.id}, ${why}. The label vsh=PROJECT marks it as made by vsh.`,
      });
    case 'recreate': {
      const old = d.have && previous(rt, d.have);
      return step(host, {
        ...common,
        action: '~',
        changes: d.changes,
        commands: [...unplug(w.plugs), removeContainer(rt, w.name), ...start],
        undo: [removeContainer(rt, w.name), ...(old ? [old, attachNetns(rt, w.name, mark)] : [])],
        explain: `Re-creates container ${w.name} (a container's image and command are fixed when it is made), ${why}.${plugText(w)}`,
      });
    }
    case 'start':
      return step(host, {
        ...common,
        action: '~',
        changes: d.changes,
        commands: [...unplug(w.plugs), startContainer(rt, w.name), attachNetns(rt, w.name, mark)],
        undo: [stopContainer(rt, w.name)],
        explain: `Starts container ${w.name} again; a restarted container has a new network namespace, which vsh names ${w.name}.${plugText(w)}`,
      });
    case 'reattach':
      return step(host, {
        ...common,
        action: '~',
        changes: d.changes,
        commands: [...unplug(w.plugs), attachNetns(rt, w.name, mark)],
        undo: [],
        explain: `Container ${w.name} runs in a network namespace other than the one named ${w.name} (it was restarted outside vsh): the name is attached to its namespace now.${plugText(w)}`,
      });
  }
}

/** Apply: each wanted container, then removals of the project's containers the model dropped. */
export function planContainers(view: HostView, decided: readonly Decided[], state: ContainersState): Step[] {
  const steps: Step[] = [];
  for (const d of decided) {
    const s = planOne(view.name, d, linkMark(view.project));
    if (s) steps.push(s);
  }
  // One settle check per runtime, at the end of the last step that starts containers of it.
  for (const rt of Object.values(RUNTIMES)) {
    const started = steps.filter((s) => decided.find((d) => `container ${d.want.name}` === s.object)?.want.runtime === rt);
    if (started.length) started.at(-1)!.commands.push(settle(rt, started.map((s) => s.object.slice('container '.length))));
  }
  const wanted = new Set(decided.map((d) => d.want.name));
  for (const [id, rs] of state) {
    const rt = RUNTIMES[id as keyof typeof RUNTIMES];
    for (const c of rs.containers.values()) {
      if (wanted.has(c.name) || !ownsOvs(c.labels[LABEL.project], view.project)) continue;
      const old = previous(rt, c);
      steps.push(
        step(view.name, {
          action: '-',
          object: `container ${c.name} (no longer in the model)`,
          commands: [removeContainer(rt, c.name)],
          undo: old ? [old, attachNetns(rt, c.name, linkMark(view.project))] : [],
          explain: `vsh started container ${c.name} and the model no longer has it, so it is removed (with the name of its network namespace).`,
        }),
      );
    }
  }
  return steps;
}

/** Destroy: the declared containers vsh made (any project); their ports are the Linux and OVS drivers' unless they are being re-made. */
export function destroyContainers(view: HostView, decided: readonly Decided[]): Step[] {
  const steps: Step[] = [];
  for (const d of decided) {
    if (!d.have && (!d.handle || d.foreign)) continue; // nothing of vsh's left
    if (d.have && d.have.labels[LABEL.project] === undefined) continue;
    const rt = d.want.runtime;
    const old = d.have && previous(rt, d.have);
    steps.push(
      step(view.name, {
        action: '-',
        object: `container ${d.want.name}`,
        span: d.want.span,
        commands: [...(d.fate === 'keep' ? [] : unplug(plugsOf(view, d.want.name))), removeContainer(rt, d.want.name)],
        undo: old ? [old, attachNetns(rt, d.want.name, linkMark(view.project))] : [],
        explain: `Removes container ${d.want.name} and the name of its network namespace; the veth ends inside it go with it.`,
      }),
    );
  }
  return steps;
}
