/** Read the files named on the command line (`-` is standard input), in order. */
import { readFile, stat } from 'node:fs/promises';
import { MAX_SOURCE_BYTES } from '../lang/limits.js';
import type { Source } from '../lang/parse.js';

export class UsageError extends Error {}

export async function readSources(files: readonly string[]): Promise<Source[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        // Refuse a huge file before reading it (the parser refuses one that grew in between).
        if (file !== '-' && (await stat(file)).size > MAX_SOURCE_BYTES) throw new UsageError(tooBig(file));
        const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
        return { file: file === '-' ? '<stdin>' : file, text };
      } catch (err) {
        if (err instanceof UsageError) throw err;
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(err);
        throw new UsageError(`cannot read ${file}: ${why}`);
      }
    }),
  );
}

const tooBig = (file: string) => `cannot read ${file}: it is over ${MAX_SOURCE_BYTES / 2 ** 20} MiB, the most vsh reads per file (split the model into several files)`;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of process.stdin) {
    size += (c as Buffer).length;
    if (size > MAX_SOURCE_BYTES) throw new UsageError(tooBig('standard input'));
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
