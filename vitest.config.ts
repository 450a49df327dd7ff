import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'build/**/*.test.ts'],
    testTimeout: 60_000,
    globalSetup: ['build/vitest-global-setup.ts'],
    reporters: ['default'],
  },
});
