import { defineConfig } from 'vitest/config';

/**
 * Three projects, one `npm test`: unit (pure modules, seconds: `npm run test:unit`), integration (the app
 * with its vault, the local platform, child processes) and e2e (the browser against a build).
 */
const UNIT = [
  'test/unit/{architecture,archive,cases,files,forms,http,renderer,xml}/**/*.test.ts',
  'test/unit/api/origin.test.ts',
  // Not here: the sender's client (tested against the local platform) and the 200 MB streaming bound.
  'test/unit/fitconnect/!(sender-client|crypto-stream).test.ts',
];

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'integration', include: ['test/unit/**/*.test.ts'], exclude: UNIT } },
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'] } },
    ],
  },
});
