/** Read the files named on the command line (`-` is standard input), in order. */
import { readFile } from 'node:fs/promises';
import type { Source } from '../lang/parse.js';

export class UsageError extends Error {}

export async function readSources(files: readonly string[]): Promise<Source[]> {
  return Promise.all(
    files.map(async (file) => {
      try {
        const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
        return { file: file === '-' ? '<stdin>' : file, text };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : String(err);
        throw new UsageError(`cannot read ${file}: ${why}`);
      }
    }),
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
