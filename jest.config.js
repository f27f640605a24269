// One Jest run for the whole repository: backend unit and template tests, integration tests
// against the real local stack, and (added by the frontend) the Angular app.
import angularPresets from 'jest-preset-angular/presets/index.js';

const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const backend = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)s$': swc,
    // The named queries are imported as text, as the function build bundles them.
    '^.+\\.sql$': '<rootDir>/tests/setup/sql-transform.cjs',
  },
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'json', 'node', 'sql'],
  // eld, and what openapi-typescript's CommonJS build requires (tests/unit/api/generated-types),
  // ship ESM only; let swc turn them into CommonJS for Jest. Nested copies count too.
  transformIgnorePatterns: [
    '/node_modules/(?!(.*/node_modules/)?(eld|parse-json|index-to-position|change-case|supports-color)/)',
  ],
  moduleNameMapper: {
    '^eld/small$': '<rootDir>/node_modules/eld/src/entries/static.small.js',
  },
  setupFilesAfterEnv: ['<rootDir>/tests/setup/jest.setup.ts'],
};

// The Angular dashboard: jsdom, zoneless TestBed, specs next to the code in frontend/src.
const frontend = {
  ...angularPresets.createCjsPreset({ tsconfig: '<rootDir>/frontend/tsconfig.spec.json' }),
  displayName: 'frontend',
  testMatch: ['<rootDir>/frontend/src/**/*.spec.ts'],
  setupFilesAfterEnv: ['<rootDir>/frontend/src/testing/setup-jest.ts'],
};

export default {
  // Ends (and names) any child process a test left behind; see the file.
  globalTeardown: '<rootDir>/tests/setup/leftover-processes.mjs',
  // A run whose tests all finished must end, even if something in this process (a socket, a
  // server, a worker's message port) was left open: in CI a hang would fail the whole run after its
  // time budget, and a new user's `npm test` sat after "Tests: 2447 passed" with six MessagePorts
  // open in Jest's own process (2026-12-05, fresh clone, no CI variable). Jest still prints its
  // "Force exiting Jest" notice, so such a leak stays visible.
  forceExit: true,
  projects: [
    {
      ...backend,
      displayName: 'unit',
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts', '<rootDir>/tests/template/**/*.test.ts'],
    },
    {
      ...backend,
      displayName: 'integration',
      testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
    },
    // Fault injection against the real local stack: lost = 0 and counted twice = 0 (npm run test:faults).
    {
      ...backend,
      displayName: 'faults',
      testMatch: ['<rootDir>/tests/faults/**/*.test.ts'],
    },
    // The built dashboard in headless Chromium against the local stack (npm test builds it first).
    {
      ...backend,
      displayName: 'e2e',
      testMatch: ['<rootDir>/tests/e2e/**/*.e2e.test.ts'],
      // Jest only reads testTimeout from the top level, so the project sets its own in a setup file.
      setupFilesAfterEnv: [...backend.setupFilesAfterEnv, '<rootDir>/tests/e2e/support/timeout.ts'],
    },
    frontend,
  ],
};
