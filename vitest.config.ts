import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    globalSetup: ['tests/aide/preparation-globale.ts'],
    // Generous: on a loaded 2-core machine a cold PGlite (initdb) alone can take a minute.
    // Tests never assert durations; these limits only catch a hang.
    testTimeout: 180_000,
    hookTimeout: 300_000,
    // Two cores: keep the number of PGlite instances alive at once reasonable.
    maxWorkers: 2,
  },
});
