// The end-to-end suite: drives browser mode (`faultlab serve`) in Debian's Chromium.
// Kept apart from the unit suite; run with `npm run test:e2e` after building the renderer.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/specs/**/*.spec.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    // One Chromium at a time: the CI machines have two cores.
    fileParallelism: false,
    reporters: ['default'],
  },
});
