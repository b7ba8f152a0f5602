/**
 * The `vsh` command line. Exit codes (LANGUAGE.md §6): 0 success, 1 problems found in the
 * input, 2 usage or I/O error.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { PROJECT_NAME } from '../backends/ownership.js';
import { registerLabCommand } from './lab-command.js';
import { UsageError } from './read-sources.js';
import { tracePhase } from '../exec/trace.js';

// Each command's module is imported when that command runs: `vsh check` never loads the
// SSH, lab or graph code, which keeps every start-up close to a bare `node`.

const EXAMPLES = `
Examples:
  vsh check examples/gre-vlan-namespaces.vnet             find every mistake before anything runs
  vsh lab up                                              a 2-host lab; writes lab/hosts.vnet
  vsh check lab/hosts.vnet examples/labs/gre-vlans.vnet   several files are one model, read in order
  vsh check --json examples/vxlan-overlay.vnet            the same, as data for editors and CI

A .vnet script, in brief:
  host hostA address 192.0.2.11 underlay 10.200.0.1
  bridge br-int on hostA          # an Open vSwitch bridge; now the current bridge
  port vm1 tag 10                 # an access port on VLAN 10 of br-int
  tunnel gre hostA<->hostB trunk 10,20
`;

/** With an OVN central, its northbound database records what each host was last made to match (backends/ovn/record.ts). */
const READ_ALL = 'read every host, also those the OVN central records as unchanged since their last apply (a host changed by hand)';

export function buildProgram(): Command {
  const program = new Command('vsh')
    .description('vsh — a virtual-network shell: type, check, explain and apply Linux virtual networking across hosts')
    .version('0.1.0')
    .showHelpAfterError('(run vsh --help for usage)')
    .addHelpText('after', EXAMPLES)
    .exitOverride();

  program
    .command('check')
    .description('parse and check .vnet files; touches no host')
    .argument('<file...>', '.vnet files, read in order as one model (- for standard input)')
    .option('--json', 'print the diagnostics as JSON')
    .addHelpText('after', '\nExit status: 0 no errors (warnings allowed), 1 errors found, 2 usage or I/O error.')
    .action(async (files: string[], opts: { json?: boolean }) => {
      process.exitCode = await (await import('./check-command.js')).checkCommand(files, opts);
    });

  const hostsOption = (v: string) => v.split(',');
  const projectOption = () => new Option('--project <name>', "whose objects these are (default: the script file's name): apply removes only what this project made and no longer declares").argParser((v: string) => {
    if (!PROJECT_NAME.test(v)) throw new InvalidArgumentError('a project is a name of letters, digits, _ . - (at most 64)');
    return v;
  });

  program
    .command('plan')
    .description('show what apply (or destroy) would run, host by host, against live state')
    .argument('<file...>', '.vnet files, read in order as one model')
    .option('--json', 'print the plan as JSON: {"changes": N, "steps": [...]}')
    .option('--offline', 'plan against empty hosts; read nothing')
    .option('--destroy', 'plan the removal of what the model declares')
    .option('--hosts <names>', 'only these hosts (comma-separated)', hostsOption)
    .option('--read-all', READ_ALL)
    .addOption(projectOption())
    .addHelpText('after', '\nEach step prints as + (create), ~ (change) or - (remove) with the exact commands.\nExit status: 0 planned, 1 errors in the model or on a host, 2 usage or I/O error.')
    .action(async (files: string[], opts: { json?: boolean; offline?: boolean; destroy?: boolean; hosts?: string[]; project?: string; readAll?: boolean }) => {
      process.exitCode = await (await import('./plan-command.js')).planCommand(files, opts);
    });

  for (const [name, description] of [
    ['run', 'check, plan, apply, then run the expect lines (exit 1 if any fails)'],
    ['apply', 'make the hosts match the model (alias: commit); rolls back everything on any failure'],
    ['commit', 'the same as apply'],
    ['destroy', 'remove from the hosts what the model declares (and vsh created)'],
  ] as const) {
    program
      .command(name)
      .description(description)
      .argument('<file...>', '.vnet files, read in order as one model')
      .option('--dry-run', 'show the plan and stop')
      .option('-y, --yes', 'do not ask: on a terminal, the plan is otherwise shown and confirmed first')
      .option('--json', 'print the outcome as JSON')
      .option('--hosts <names>', 'only these hosts (comma-separated)', hostsOption)
      .option('--read-all', READ_ALL)
      .addOption(projectOption())
      .addHelpText('after', '\nHosts are changed in parallel, as one transaction: if a step fails anywhere, every host is\nrolled back and the failing host, step, command and error are shown. Ctrl-C rolls back too.\nOn a terminal the plan is shown first and applied only after a yes (-y skips; scripts and pipes are never asked).')
      .action(async (files: string[], opts: { dryRun?: boolean; yes?: boolean; json?: boolean; hosts?: string[]; project?: string; readAll?: boolean }) => {
        process.exitCode = await (await import('./apply-command.js')).applyCommand(files, { ...opts, mode: name === 'destroy' ? 'destroy' : name === 'run' ? 'run' : 'apply' });
      });
  }

  program
    .command('unlock')
    .description('clear the apply lock of hosts whose holder is gone (a vsh killed or a host lost mid-apply)')
    .argument('<file...>', '.vnet files, read in order as one model (the host inventory is enough)')
    .option('--hosts <names>', 'only these hosts (comma-separated)', hostsOption)
    .option('--force', 'also clear a lock taken from another machine, whose holder vsh cannot see')
    .addHelpText('after', '\nA lock held by a vsh still running on this machine is never cleared.\nExit status: 0 every host unlocked (or not locked), 1 a lock was left, 2 usage or I/O error.')
    .action(async (files: string[], opts: { hosts?: string[]; force?: boolean }) => {
      process.exitCode = await (await import('./unlock-command.js')).unlockCommand(files, opts);
    });

  program
    .command('diff')
    .description('show which objects and fields differ between the model and the live hosts')
    .argument('<file...>', '.vnet files, read in order as one model')
    .option('--json', 'print the differences as JSON')
    .option('--hosts <names>', 'only these hosts (comma-separated)', hostsOption)
    .addOption(projectOption())
    .addHelpText('after', '\nExit status: 0 the hosts match, 1 they differ, 2 errors.')
    .action(async (files: string[], opts: { json?: boolean; hosts?: string[]; project?: string }) => {
      process.exitCode = await (await import('./diff-command.js')).diffCommand(files, opts);
    });

  program
    .command('doctor')
    .description('preflight each host: reachable? OVS and its datapaths, kernel features, libvirt, SR-IOV NICs')
    .argument('<file...>', '.vnet files, read in order as one model (the host inventory is enough)')
    .option('--json', 'print the report as JSON')
    .option('--hosts <names>', 'only these hosts (comma-separated)', hostsOption)
    .addHelpText('after', '\nA missing feature fails when the model needs it on that host, and warns otherwise.\nExit status: 0 nothing fails, 1 something the model needs is missing, 2 usage or I/O error.')
    .action(async (files: string[], opts: { json?: boolean; hosts?: string[] }) => {
      process.exitCode = await (await import('./doctor-command.js')).doctorCommand(files, opts);
    });

  program
    .command('graph')
    .description('draw the topology: hosts as clusters, bridges, ports and VLANs, namespaces, tunnels, libvirt networks')
    .argument('<file...>', '.vnet files, read in order as one model')
    .option('--format <format>', 'dot, mermaid or svg', 'dot')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .addHelpText('after', '\nExamples:\n  vsh graph examples/vxlan-overlay.vnet | dot -Tpng > lab.png\n  vsh graph examples/vxlan-overlay.vnet --format svg -o lab.svg   (no Graphviz install needed)\n  vsh graph examples/vxlan-overlay.vnet --format mermaid          (paste into Markdown)')
    .action(async (files: string[], opts: { format?: string; output?: string }) => {
      process.exitCode = await (await import('./graph-command.js')).graphCommand(files, opts);
    });

  program
    .command('explain')
    .description('teach a script statement by statement: what, why, the commands, undo and verify; changes nothing (unless --apply)')
    .argument('<file...>', '.vnet files, read in order as one model')
    .option('--step', 'one statement at a time, with what to look at afterwards; waits for Enter on a terminal (q quits)')
    .option('--apply', 'with --step: also build each statement on the hosts as the walk reaches it, and check the expect lines that have become checkable')
    .addOption(projectOption())
    .addHelpText('after', '\nExamples:\n  vsh explain lab/hosts.vnet examples/labs/gre-vlans.vnet\n  vsh explain --step lab/hosts.vnet examples/labs/gre-vlans.vnet\n  vsh explain --step --apply lab/hosts.vnet examples/labs/gre-vlans.vnet   (then: vsh destroy …)')
    .action(async (files: string[], opts: { step?: boolean; apply?: boolean; project?: string }) => {
      process.exitCode = await (await import('./explain-command.js')).explainCommand(files, opts);
    });

  program
    .command('trace')
    .description('where a packet from a namespace to an address goes, hop by hop across hosts, and why (OpenFlow rules, VLAN, tunnels, drops)')
    .argument('<words...>', 'FILE… from NS[@HOST] to IPV4 [proto icmp|tcp|udp] [port N]')
    .option('--json', 'print the trace as JSON')
    .addOption(projectOption())
    .addHelpText('after', '\nExamples:\n  vsh trace lab/hosts.vnet examples/labs/openflow.vnet from web@hostA to 10.60.0.3\n  vsh trace lab/hosts.vnet examples/labs/gre-vlans.vnet from red@hostA to 10.0.10.2 proto tcp port 80 --json')
    .action(async (words: string[], opts: { json?: boolean; project?: string }) => {
      process.exitCode = await (await import('./trace-command.js')).traceCommand(words, opts);
    });

  program
    .command('ping')
    .description("ping from a namespace or host to an address, or to another endpoint's address in the model (Mininet's h1 ping h2)")
    .argument('<file...>', '.vnet files, read in order as one model (the hosts and the endpoints\' addresses)')
    .requiredOption('--from <endpoint>', 'where the ping runs: NAMESPACE@HOST, NAMESPACE, or a declared HOST')
    .requiredOption('--to <target>', 'an IPv4 address, or an endpoint (its first address in the model)')
    .addHelpText('after', '\nThree probes, 1 s wait each. Example:\n  vsh ping lab/hosts.vnet examples/labs/gre-vlans.vnet --from red@hostA --to blue@hostB\nExit status: 0 answered, 1 no answer or errors in the files, 2 usage error.')
    .action(async (files: string[], opts: { from: string; to: string }) => {
      process.exitCode = await (await import('./probe-command.js')).pingCommand(files, opts);
    });

  program
    .command('pingall')
    .description('every endpoint with an address pings every other once; prints a matrix and the drop rate (as Mininet)')
    .argument('<file...>', '.vnet files, read in order as one model')
    .addHelpText('after', '\nEach pair: ping -c 1 -W 1, hosts in parallel, a few at a time per host. Example:\n  vsh pingall lab/hosts.vnet examples/labs/gre-vlans.vnet\nExit status: 0 every pair answered, 1 some did not (X in the matrix), 2 usage error.')
    .action(async (files: string[]) => {
      process.exitCode = await (await import('./probe-command.js')).pingallCommand(files);
    });

  program
    .command('exec')
    .description('run a command inside a namespace on its host, or on a declared host itself (no shell: argv as given)')
    .argument('<file...>', '.vnet files, then the ENDPOINT (NAMESPACE@HOST, NAMESPACE or HOST), then -- and the command')
    .usage('FILE… ENDPOINT -- CMD…')
    .addHelpText('after', '\nExamples:\n  vsh exec lab/hosts.vnet examples/labs/gre-vlans.vnet red@hostA -- ip -br addr\n  vsh exec lab/hosts.vnet hostB -- ovs-vsctl show\nExit status: the command\'s own; 2 when it could not be run there.')
    .action(async (words: string[], _opts: object, cmd: Command) => {
      // Commander drops the `--`; the raw argv (set by parse, not in its typings) says how many words the command has.
      const raw = (cmd.parent as unknown as { rawArgs?: string[] } | null)?.rawArgs ?? [];
      const dashes = raw.indexOf('--');
      const argc = dashes === -1 ? 0 : raw.length - dashes - 1;
      const before = words.slice(0, words.length - argc);
      if (argc === 0 || before.length < 2) throw new UsageError('exec: expected vsh exec FILE… ENDPOINT -- CMD… (e.g. vsh exec lab/hosts.vnet hostA -- ip -br link)');
      process.exitCode = await (await import('./probe-command.js')).execCommand(before.slice(0, -1), before.at(-1)!, words.slice(before.length));
    });

  registerLabCommand(program);

  // `vsh help port` teaches a statement as the shell's `help port` does; `vsh help plan` is plan --help.
  program.helpCommand(false);
  program
    .command('help')
    .description('this help, a command\'s (vsh help plan) or a statement\'s usage and options (vsh help port)')
    .argument('[topic]', 'a command or a statement keyword')
    .action(async (topic?: string) => {
      const sub = topic === undefined ? undefined : program.commands.find((c) => c.name() === topic || c.aliases().includes(topic));
      if (topic === undefined || sub) {
        // outputHelp, not helpInformation: the text added after the options (examples, exit status) too.
        (sub ?? program).outputHelp();
        return;
      }
      const text = (await import('../repl/commands.js')).helpText(topic);
      process.stdout.write(text);
      if (text.startsWith('no help for')) process.exitCode = 2;
    });

  program
    .command('repl')
    .description('the vsh> shell: statements are checked and staged, then plan/apply; FILEs are loaded first (vsh alone opens it too)')
    .argument('[file...]', '.vnet files to load (staged) before the first prompt')
    .addOption(projectOption())
    .action(async (files: string[], opts: { project?: string }) => runRepl(files, opts.project));

  return program;
}

/** The shell on this terminal; imported only here, so the other commands never load node:repl. */
async function runRepl(files: string[], project?: string): Promise<void> {
  const { startRepl } = await import('../repl/repl.js');
  const shell = await startRepl({ input: process.stdin, output: process.stdout, files, project });
  await shell.closed;
}

export async function main(argv: string[]): Promise<void> {
  tracePhase('main');
  // `vsh … | head`: the reader has gone, so there is nobody left to tell; leave quietly as
  // other Unix tools do instead of crashing with an EPIPE stack trace.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(0);
      throw err;
    });
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      await runRepl([]); // `vsh` alone opens the shell (LANGUAGE.md §6)
      return;
    }
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      process.exitCode = err.exitCode === 0 ? 0 : 2;
    } else if (err instanceof UsageError) {
      process.stderr.write(`vsh: ${err.message}\n`);
      process.exitCode = 2;
    } else {
      throw err;
    }
  }
}
