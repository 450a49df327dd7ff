import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@shared': fileURLToPath(new URL('./shared', import.meta.url)) } },
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'build/**/*.test.ts', 'renderer/src/**/*.test.ts'],
    testTimeout: 60_000,
    // Setup that runs real processes (reports, comparisons) takes minutes on a busy 2-core machine.
    hookTimeout: 120_000,
    globalSetup: ['build/vitest-global-setup.ts'],
    reporters: ['default'],
  },
});
