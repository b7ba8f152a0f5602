/**
 * The labs of examples/labs/ as the tests see them: the index table of its README (the one
 * place that says which hosts a lab needs, whether it needs `--libvirt`, and whether it
 * runs on this machine) and a lab inventory shaped like the one `vsh lab up` writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inventoryText } from '../../src/lab/inventory.js';
import { planLab } from '../../src/lab/topology.js';
import type { Source } from '../../src/lang/parse.js';

export const LABS_DIR = 'examples/labs';

export interface LabInfo {
  name: string;
  file: string;
  guide: string;
  topic: string;
  hosts: string[];
  libvirt: boolean;
  /** Needs `vsh lab up --containers` (podman and the busybox image on every host). */
  containers: boolean;
  /** Needs `vsh lab up --ovn` (OVN central and chassis). */
  ovn: boolean;
  /** Run end to end on `vsh lab` here; otherwise checked, planned and explained only. */
  runsHere: boolean;
  /** The "runs here" cell as written (says why when it does not). */
  runs: string;
}

/** Rows of the index: `| [name](name.md) | topic | hostA, hostB | `--libvirt`? `--containers`? | yes… / plan … |`. */
export function labIndex(): LabInfo[] {
  const text = readFileSync(join(LABS_DIR, 'README.md'), 'utf8');
  const rows = text.split('\n').filter((l) => /^\| \[[a-z0-9-]+\]\([a-z0-9-]+\.md\) \|/.test(l));
  return rows.map((row) => {
    const cells = row.split('|').slice(1, -1).map((c) => c.trim());
    const [link, topic, hosts, flags, runs] = cells as [string, string, string, string, string];
    const name = /^\[([a-z0-9-]+)\]/.exec(link)![1]!;
    return {
      name,
      file: join(LABS_DIR, `${name}.vnet`),
      guide: join(LABS_DIR, `${name}.md`),
      topic,
      hosts: hosts.split(',').map((h) => h.trim()),
      libvirt: flags === 'yes' || flags.includes('--libvirt'),
      containers: flags.includes('--containers'),
      ovn: flags.includes('--ovn'),
      runsHere: runs.startsWith('yes'),
      runs,
    };
  });
}

/** The `.vnet` files in examples/labs/. */
export function labFiles(): string[] {
  return readdirSync(LABS_DIR)
    .filter((f) => f.endsWith('.vnet'))
    .sort();
}

/** An inventory exactly like `vsh lab up --hosts N [--libvirt] [--ovn] --dir DIR` writes (no lab is made). */
export function labInventory(hosts: number, libvirt: boolean, dir = '/tmp/vsh-labs-check/lab', ovn = false): Source {
  const plan = planLab(dir, 'c0ffee', 7, hosts, libvirt, { ovn });
  return { file: plan.files.inventory, text: inventoryText(plan) };
}

export function labSource(lab: LabInfo): Source {
  return { file: lab.file, text: readFileSync(lab.file, 'utf8') };
}
