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
      // Not isolated: the files of a worker share one module registry, so the content (knowledge
      // base, safety patterns, trained models: tests/helpers/test-app.ts) is loaded once per worker,
      // not once per file. These tests mock no modules and stub no globals.
      { extends: true, test: { name: "unit", include: ["tests/**/*.test.ts"], exclude: [INTEGRATION], isolate: false } },
      // `npm run test:integration`: the rest. Not isolated either: a fresh module registry per file
      // cost each file the content load again (about 70 s of a 240 s run); these files start their
      // own servers and stores and change no process-wide state.
      { extends: true, test: { name: "integration", include: [INTEGRATION], isolate: false } },
    ],
  },
});
