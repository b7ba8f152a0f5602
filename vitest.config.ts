import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    // Vitest's default in run mode is one worker less than the CPUs: one, on a 2-core CI
    // machine, and the e2e files spend much of their time waiting on hosts. Two files at
    // once (labs are built to coexist: own namespaces, /run and lab number each).
    maxWorkers: 2,
  },
});
