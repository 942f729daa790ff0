import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: two test files at a time; each file gets its own database (PGlite or a PostgreSQL schema).
    maxWorkers: 2,
    pool: "forks",
  },
});
