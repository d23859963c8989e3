import { defineConfig } from "vitest/config";

/** Tests that need Redis, Chromium, a spawned server or a fake remote service: `*.integration.test.ts`. */
const INTEGRATION = "tests/**/*.integration.test.ts";

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Integration tests share one Redis and spawn servers; two workers suit a 2-core machine.
    maxWorkers: 2,
    reporters: ["default"],
    // Builds dist/ and trains the classifiers once for the whole run (tests/global-setup.ts).
    globalSetup: ["tests/global-setup.ts"],
    projects: [
      // `npm run test:unit`: in-process tests only (memory store, no network but loopback to an in-process app).
      { extends: true, test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: [INTEGRATION] } },
      // `npm run test:integration`: the rest.
      { extends: true, test: { name: "integration", include: [INTEGRATION] } },
    ],
  },
});
