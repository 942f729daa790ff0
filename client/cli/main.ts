#!/usr/bin/env node
// Process glue for realm-migrate: argv, environment and standard streams in, exit code out. Ctrl-C while
// watching stops the watch (exit 130); a second Ctrl-C exits at once.
import { runCli } from "./run.ts";

const interrupt = new AbortController();
process.once("SIGINT", () => {
  interrupt.abort();
  process.once("SIGINT", () => process.exit(130));
});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  signal: interrupt.signal,
});
process.exitCode = code;
