/** `vsh doctor FILE… [--json]`: preflight each declared host; exit 1 if anything the model needs is missing. */
import { doctor, type Verdict } from '../doctor/doctor.js';
import { wantColor } from '../lang/render.js';
import { Executors } from '../commands/executors.js';
import { loadModel, printDiagnostics } from './load-model.js';

const MARK: Record<Verdict, [string, number]> = { pass: ['pass', 32], info: ['info', 2], warn: ['warn', 33], fail: ['FAIL', 31] };

export async function doctorCommand(files: string[], options: { json?: boolean; hosts?: string[] }): Promise<number> {
  const loaded = await loadModel(files, { hosts: options.hosts });
  if (!loaded.front.ok) {
    printDiagnostics(loaded, loaded.front.diagnostics, { json: options.json });
    return 1;
  }
  const model = loaded.front.model;
  const executors = new Executors(model.hosts);
  const hosts = [...model.hosts.keys()].filter((h) => !options.hosts || options.hosts.includes(h));
  const reports = await doctor(model, hosts, (h) => executors.for(h, model.hosts.get(h)!)).finally(() => executors.closeAll());
  if (options.json) process.stdout.write(JSON.stringify({ hosts: reports }) + '\n');
  else {
    const color = wantColor(process.stdout);
    for (const r of reports) {
      process.stdout.write(`${r.host}\n`);
      for (const l of r.lines) {
        const [word, code] = MARK[l.verdict];
        process.stdout.write(`  ${color ? `\x1b[${code}m${word}\x1b[0m` : word}  ${l.item.padEnd(15)} ${l.detail}\n`);
        if (l.fix && l.verdict !== 'pass') process.stdout.write(`        ${''.padEnd(15)} ${l.verdict === 'info' ? 'note' : 'fix'}: ${l.fix}\n`);
      }
    }
  }
  return reports.some((r) => r.lines.some((l) => l.verdict === 'fail')) ? 1 : 0;
}
