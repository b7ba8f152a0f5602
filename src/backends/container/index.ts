/**
 * The container driver: containers of the model (podman by default, or docker) run with
 * `--network none` and a vsh label, and the name of each one's network namespace attached
 * (`ip netns attach`), which makes a container an endpoint exactly like a namespace for
 * the Linux driver. Read in one probe per runtime; changed image or command → re-created,
 * stopped → started, and either way its ports are re-plugged (fate.ts).
 */
import type { Backend } from '../backend.js';
import { diag, type Diagnostic } from '../../lang/diagnostics.js';
import { decideAll, readAll } from './fate.js';
import { RUNTIMES } from './runtime.js';
import { runtimesOn, wantedContainers } from './spec.js';
import { containerProbe, type ContainersState } from './state.js';
import { destroyContainers, planContainers } from './steps.js';

export const containerBackend: Backend<ContainersState> = {
  id: 'container',
  probes: (view) => runtimesOn(view).map(containerProbe),
  read(view, outputs) {
    const state = readAll(view, outputs);
    const diagnostics: Diagnostic[] = [];
    for (const [id, rs] of state) {
      const rt = RUNTIMES[id as keyof typeof RUNTIMES];
      const first = wantedContainers(view).find((w) => w.runtime.id === id)!;
      if (!rs.installed)
        diagnostics.push(diag('VN201', first.span, `${view.name} has no ${rt.program} to run container ${first.name}`, { hint: `install it there (apt-get install ${rt.package}), or choose another 'runtime'` }));
      else if (rs.error)
        diagnostics.push(
          diag('VN200', view.host.name.span, `could not list the containers of ${view.name} with ${rt.program}: ${rs.error}`, {
            // docker's CLI is nothing without its daemon (podman has none): the usual cause.
            ...(rt.id === 'docker' ? { hint: `container ${first.name} needs a dockerd that answers on ${view.name} (systemctl start docker; on a vsh lab: vsh lab up --docker)` } : {}),
          }),
        );
    }
    for (const d of decideAll(view, state)) {
      if (!d.foreign) continue;
      diagnostics.push(
        diag('VN106', d.want.span, `container ${d.want.name} cannot be plugged in on ${view.name}: a network namespace named ${d.want.name} is there already, and vsh did not make it`, {
          hint: `vsh names a container's network namespace after it: rename the container, or delete that namespace ('ip netns del ${d.want.name}') if it is a leftover`,
        }),
      );
    }
    return { state, diagnostics };
  },
  plan: (view, state) => planContainers(view, decideAll(view, state), state),
  destroy: (view, state) => destroyContainers(view, decideAll(view, state)),
};
