import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// The client packages (npm workspaces) from their TypeScript sources, not their dist/ builds. Without Vite's
// "module" condition, which points some packages (@opentelemetry/*) at bundler-only builds Node cannot load:
// tests resolve dependencies as Node does.
const conditions = ["source", ...defaultServerConditions.filter((c) => c !== "module")];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: two test files at a time; each file gets its own database (PGlite or a PostgreSQL schema).
    maxWorkers: 2,
    pool: "forks",
  },
});
