import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './tests/support/summary-reporter.ts'],
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 10_000 },
      },
      {
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 60_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          // Each e2e file owns the fixed loopback ports 8400-8404 while it signs in.
          fileParallelism: false,
        },
      },
    ],
  },
});
