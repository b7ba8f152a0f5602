/**
 * `container NAME [on HOST] image IMAGE [runtime podman|docker] [command STRING]`: a
 * container started with no network of its own, an endpoint like a namespace.
 */
import type { ContainerRuntime, ContainerStmt } from '../lang/ast.js';
import { diag } from '../lang/diagnostics.js';
import { hostKey } from '../lang/model.js';
import { splitWords } from '../lang/words.js';
import type { Build, Kind } from './kind.js';
import { placeOnHost } from './place.js';

/** What an image name may be: registry/path:tag@digest characters, never an option (`-…`). */
export const IMAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.\/:@-]*$/;

export const buildContainer: Build = (b, base) => {
  const image = b.text('image');
  if (!image) return undefined;
  if (!IMAGE_NAME.test(image.value)) {
    b.diagnostics.push(diag('VN001', image.span, `'${image.value}' is not an image name`, { hint: 'an image is written like localhost/vsh-busybox:latest: letters, digits and . _ - / : @, starting with a letter or digit' }));
    return undefined;
  }
  const command = b.text('command');
  if (command) {
    const words = splitWords(command.value);
    if ('error' in words) {
      b.diagnostics.push(diag('VN001', command.span, `the command cannot be split into words: ${words.error}`, { hint: `close the quote, or write the command as sh -c '…' to run it by a shell inside the container` }));
      return undefined;
    }
    if (words.argv.length === 0) {
      b.diagnostics.push(diag('VN001', command.span, 'the command is empty', { hint: "leave 'command' out to run the image's own command" }));
      return undefined;
    }
  }
  return { kind: 'container', ...base, name: b.name(), on: b.onRef(), image, runtime: b.text<ContainerRuntime>('runtime'), command };
};

/** The argv of a container's command (already checked to split). */
export function commandArgv(s: ContainerStmt): string[] {
  if (!s.command) return [];
  const words = splitWords(s.command.value);
  return 'argv' in words ? words.argv : [];
}

export const container: Kind<ContainerStmt> = {
  referable: true,
  place: (s, r) => placeOnHost(s, r, 'container', s.name),
  resolve({ stmt: s, host }, r) {
    if (!r.knownHost(host!, r.hostSpan(s))) return;
    r.model.containers.set(hostKey(host!, s.name.value), {
      stmt: s,
      host: host!,
      name: s.name.value,
      image: s.image.value,
      runtime: s.runtime?.value ?? 'podman',
      argv: commandArgv(s),
    });
  },
  concept: (s) =>
    `A container is a process tree with its own filesystem (the image ${s.image.value}) and its own namespaces, run by ${s.runtime?.value ?? 'podman'}. ` +
    `vsh starts it with --network none: the runtime gives it only a loopback, and vsh owns its networking — a port's veth peer goes into the container's network namespace as its NIC, the "native L2" of a container on a real segment rather than behind the runtime's NAT. ` +
    `To vsh it is an endpoint, like a namespace: 'peer ${s.name.value}:eth0', 'expect reach ${s.name.value} …'.`,
  lower: ['container'],
  example: 'container ctx on hostA image localhost/vsh-busybox:latest command "sleep 86400"',
};
