// The one-minute soak (electron/soak/minute.soak.ts): n = 15 real replicas under a fault
// every 500 ms. Kept apart from the unit suite so that nothing else shares the machine
// with its 15 processes; `npm test` runs it after the unit tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/soak/**/*.soak.ts'],
    testTimeout: 240_000,
    reporters: ['default'],
  },
});
