import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/aide/preparation-globale.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: keep the number of PGlite instances alive at once reasonable.
    maxWorkers: 2,
  },
});
