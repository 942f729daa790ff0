import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The client packages (npm workspaces) from their TypeScript sources, not their dist/ builds.
  resolve: { conditions: ["source", ...defaultServerConditions] },
  ssr: { resolve: { conditions: ["source", ...defaultServerConditions] } },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: two test files at a time; each file gets its own database (PGlite or a PostgreSQL schema).
    maxWorkers: 2,
    pool: "forks",
  },
});
