/**
 * Jest: SWC transform (with decorator metadata).
 * - unit: pure logic, no database.
 * - integration / e2e: one embedded PostgreSQL per run (or TEST_DATABASE_URL), started in global setup.
 */
const swc = [
  "@swc/jest",
  {
    jsc: {
      parser: { syntax: "typescript", decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: "es2022",
      keepClassNames: true,
    },
    module: { type: "commonjs" },
  },
];
// Browser tests need Debian's chromium (.ci/run installs it). Without it, outside CI, they are left out with a note.
const hasChromium = require("node:fs").existsSync("/usr/bin/chromium");
if (!hasChromium && !process.env.CI)
  console.log(
    "test/e2e skipped: /usr/bin/chromium not found (apt-get install chromium fonts-wqy-microhei; .ci/run does this)",
  );
const e2e = hasChromium || process.env.CI ? ["<rootDir>/test/e2e/**/*.test.ts"] : [];

const common = {
  testEnvironment: "node",
  transform: { "^.+\\.ts$": swc },
  setupFiles: ["reflect-metadata", "<rootDir>/test/helpers/clock-setup.ts"],
};

module.exports = {
  testTimeout: 60000,
  maxWorkers: 2,
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/test/unit/**/*.test.ts"] },
    {
      ...common,
      displayName: "integration",
      // Project-level: runs only when a test of this project is selected, so unit runs need no database.
      globalSetup: "<rootDir>/test/helpers/global-setup.ts",
      globalTeardown: "<rootDir>/test/helpers/global-teardown.ts",
      testMatch: ["<rootDir>/test/integration/**/*.test.ts", ...e2e],
    },
  ],
};
