/** `show containers` in the shell: each container with its runtime, image, command and the NICs plugged into it. */
import { describe, expect, it } from 'vitest';
import { showTable } from '../../src/repl/show.js';
import { frontEnd } from '../../src/lang/pipeline.js';
import { complete, namesOf } from '../../src/repl/complete.js';

const TEXT = `host hostA local
bridge br-c on hostA
container web1 on hostA image localhost/vsh-busybox:latest command "sh -c 'exec sleep 86400'"
port web1-p on br-c@hostA type veth peer web1:eth0 address 10.50.0.11/24
container idle on hostA image busybox runtime docker
`;

describe('show containers', () => {
  it('lists each container with its runtime, image, command words and NICs', () => {
    const model = frontEnd([{ file: 't.vnet', text: TEXT }]).model;
    expect(showTable(model, 'containers')).toBe(
      [
        "  HOST   CONTAINER  RUNTIME  IMAGE                         COMMAND                   NICS",
        "  hostA  web1       podman   localhost/vsh-busybox:latest  sh -c 'exec sleep 86400'  eth0 10.50.0.11/24 (web1-p on br-c)",
        "  hostA  idle       docker   busybox                       -                         -",
        '',
      ].join('\n'),
    );
  });
  it('says when there are none', () => {
    expect(showTable(frontEnd([{ file: 't.vnet', text: 'host hostA local\n' }]).model, 'containers')).toBe('no containers declared\n');
  });

  it('completion offers container names where namespaces go (peer, expect)', () => {
    const names = namesOf(frontEnd([{ file: 't.vnet', text: TEXT }]).model);
    expect(complete('expect reach we', names)[0]).toEqual(['web1 ']);
    expect(complete('port p2 type veth peer i', names)[0]).toEqual(['idle:']);
  });
});
