// Bundle the CLI into one file: Chevrotain's ESM build is hundreds of small modules,
// and resolving them cost ~250 ms of every `vsh` start. ssh2 stays external (native
// optional parts) and is imported lazily where it is needed.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Loaded lazily by the commands that need them, so they cost nothing at start-up.
  external: ['ssh2', 'cpu-features', '@viz-js/viz'],
  banner: { js: "import { createRequire as __vshRequire } from 'node:module'; const require = __vshRequire(import.meta.url);" },
  logLevel: 'warning',
};

// Code splitting: each command's modules are a chunk loaded when that command runs.
// `front-end` is the checker alone, for `npm run bench` and programs that embed it;
// `l2-loops` the VN122 rule alone, which the bench times apart from parsing.
// Chunk names carry a content hash: without this, every build would leave the old ones behind.
rmSync('dist/chunks', { recursive: true, force: true });
await build({
  ...common,
  entryPoints: { vsh: 'src/cli/main.ts', 'front-end': 'src/lang/pipeline.ts', 'l2-loops': 'src/lang/checks/l2-loops.ts' },
  outdir: 'dist',
  outExtension: { '.js': '.mjs' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});
