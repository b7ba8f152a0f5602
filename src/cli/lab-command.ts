/** `vsh lab up|status|down`: the local lab (src/lab), for people: progress lines, a status table or JSON, exit codes. */
import type { Command } from 'commander';
import { LabError } from '../lab/errors.js';
import { MAX_HOSTS } from '../lab/topology.js';

const out = (line: string) => process.stdout.write(`${line}\n`);

/** Print a LabError as `vsh lab VERB: message` plus its hint; return its exit code. Anything else is a bug: rethrow. */
function report(verb: string, err: unknown): number {
  if (!(err instanceof LabError)) throw err;
  process.stderr.write(`vsh lab ${verb}: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`);
  return err.exitCode;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface UpFlags {
  hosts: string;
  dir: string;
  libvirt?: boolean;
  containers?: boolean;
  docker?: boolean;
  ovn?: boolean;
}

export async function labUpCommand(opts: UpFlags): Promise<number> {
  if (!/^\d+$/.test(opts.hosts)) return report('up', new LabError(`--hosts must be a whole number from 1 to ${MAX_HOSTS}, not '${opts.hosts}'`, undefined, 2));
  try {
    const { labUp } = await import('../lab/lab.js');
    const r = await labUp({ dir: opts.dir, hosts: Number(opts.hosts), libvirt: !!opts.libvirt, containers: !!opts.containers, docker: !!opts.docker, ovn: !!opts.ovn, log: out });
    const p = r.plan;
    if (r.outcome === 'running') {
      out(`the lab in ${p.dir} is already up (${p.hosts.length} hosts); nothing changed`);
      return 0;
    }
    out(`lab up: ${p.hosts.length} host${p.hosts.length === 1 ? '' : 's'} in ${seconds(r.ms)}`);
    out(`  inventory  ${p.files.inventory}   (vsh check ${p.files.inventory} my-network.vnet)`);
    out(`  ssh        ssh -F ${p.files.sshConfig} ${p.hosts[0]!.name}`);
    if (p.containers) out(`  podman     ssh -F ${p.files.sshConfig} ${p.hosts[0]!.name} podman run -d --name web1 localhost/vsh-busybox sleep 3600`);
    if (p.docker) out(`  docker     ssh -F ${p.files.sshConfig} ${p.hosts[0]!.name} docker run -d --network none --name web2 localhost/vsh-busybox sleep 3600`);
    if (p.ovn) out(`  ovn        ssh -F ${p.files.sshConfig} ${p.hosts[0]!.name} ovn-nbctl show   (central on ${p.hosts[0]!.name}; NB tcp:${p.hosts[0]!.mgmtAddress}:6641)`);
    out(`  status     vsh lab status --dir ${p.dir}     remove: vsh lab down --dir ${p.dir}`);
    return 0;
  } catch (err) {
    return report('up', err);
  }
}

export async function labStatusCommand(opts: { dir: string; json?: boolean }): Promise<number> {
  try {
    const [{ labStatusOf }, { formatStatus }] = await Promise.all([import('../lab/lab.js'), import('../lab/status.js')]);
    const s = await labStatusOf(opts.dir);
    process.stdout.write(opts.json ? `${JSON.stringify(s, null, 2)}\n` : formatStatus(s));
    return s.healthy ? 0 : 1;
  } catch (err) {
    return report('status', err);
  }
}

export async function labDownCommand(opts: { dir: string }): Promise<number> {
  try {
    const { labDown } = await import('../lab/lab.js');
    const r = await labDown({ dir: opts.dir, log: out });
    if (r.outcome === 'absent') {
      out(`no lab in ${r.dir}; nothing to do`);
      return 0;
    }
    const rep = r.report!;
    out(`lab down: stopped ${rep.stopped.length} process${rep.stopped.length === 1 ? '' : 'es'}, removed ${rep.removed.length} things in ${seconds(r.ms)}`);
    for (const n of rep.notes) out(`  note: ${n}`);
    return 0;
  } catch (err) {
    return report('down', err);
  }
}

/** `vsh lab exec HOST[/NAME] -- CMD…`: the command's own exit status; 2 when it cannot be run there. */
export async function labExecCommand(where: string, argv: string[], opts: { dir: string }): Promise<number> {
  try {
    const { labExec, parseExecTarget } = await import('../lab/exec.js');
    return await labExec(opts.dir, parseExecTarget(where), argv);
  } catch (err) {
    return report('exec', err);
  }
}

/** Add `vsh lab` and its subcommands to the program. */
export function registerLabCommand(program: Command): void {
  const lab = program
    .command('lab')
    .description('a local lab: hosts made of namespaces on this machine, each with OVS, sshd (and libvirtd); root, Linux')
    .addHelpText(
      'after',
      `
Each host (hostA, hostB, … hostZ, hostAA, …) gets its own network, mount and UTS namespaces, Open vSwitch
(userspace datapath) with the underlay NIC eth1 in br-phy, and sshd on its management
address. DIR gets hosts.vnet (the inventory to load before your scripts), the SSH key,
known_hosts and ssh_config. --containers: plain \`podman run\` works on every host (its own
storage; image localhost/vsh-busybox:latest). --docker: also one dockerd per host (docker.io; ~115 MB
each), so plain \`docker run\` works there too, with the same image. --ovn: hosts.vnet also says \`ovn central hostA\`
and \`ovn chassis hostX mapping physnet:br-phy\`. Example:
  sudo vsh lab up --hosts 2 && ssh -F lab/ssh_config hostA ovs-vsctl show
  sudo vsh run lab/hosts.vnet examples/labs/gre-vlans.vnet    # a script without host statements`,
    );
  lab
    .command('up')
    .description('build the lab (does nothing if it is already up)')
    .option('--hosts <n>', `number of hosts, 1-${MAX_HOSTS}`, '2')
    .option('--dir <dir>', 'lab directory (state, inventory, keys)', 'lab')
    .option('--libvirt', 'also run libvirtd on every host')
    .option('--containers', 'also prepare podman (runc, cgroupfs, own storage) on every host, with the image localhost/vsh-busybox:latest')
    .option('--docker', 'also run one dockerd per host (own data root and socket, no bridge or iptables), with the same image; implies --containers')
    .option('--ovn', 'also run OVN: NB, SB and ovn-northd on hostA, ovn-controller on every host (GENEVE, physnet:br-phy)')
    .addHelpText('after', '\nExit status: 0 up (or already up), 1 the lab failed (what it made is removed again), 2 usage or missing prerequisites.')
    .action(async (opts: UpFlags) => {
      process.exitCode = await labUpCommand(opts);
    });
  lab
    .command('status')
    .description("the lab's hosts, addresses and daemons, and whether they are alive")
    .option('--dir <dir>', 'lab directory', 'lab')
    .option('--json', 'print the status as JSON')
    .addHelpText('after', '\nExit status: 0 up and healthy, 1 absent, half-made or unhealthy, 2 usage error.')
    .action(async (opts: { dir: string; json?: boolean }) => {
      process.exitCode = await labStatusCommand(opts);
    });
  lab
    .command('exec')
    .description('run a command on a lab host, or in a namespace or container on it (no ssh, no shell: argv as given)')
    .argument('<where>', 'HOST, HOST/NAMESPACE or HOST/CONTAINER')
    .argument('<cmd...>', 'the command and its arguments, after --')
    .usage('[--dir DIR] HOST[/NAMESPACE|/CONTAINER] -- CMD…')
    .option('--dir <dir>', 'lab directory', 'lab')
    .addHelpText(
      'after',
      '\nExamples:\n  sudo vsh lab exec hostA -- ovs-vsctl show\n  sudo vsh lab exec hostB/red -- ip -br addr\n  sudo vsh lab exec hostA/web1 -- ping -c 1 10.50.0.2\nExit status: the command\'s own; 2 when it could not be run there.',
    )
    .action(async (where: string, argv: string[], opts: { dir: string }) => {
      process.exitCode = await labExecCommand(where, argv, opts);
    });
  lab
    .command('down')
    .description('remove everything the lab made, and nothing else')
    .option('--dir <dir>', 'lab directory', 'lab')
    .addHelpText('after', '\nExit status: 0 removed (or there was no lab), 1 something could not be removed (run it again), 2 missing prerequisites.')
    .action(async (opts: { dir: string }) => {
      process.exitCode = await labDownCommand(opts);
    });
}
