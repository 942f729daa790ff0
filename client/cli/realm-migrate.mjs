#!/usr/bin/env node
// The `realm-migrate` executable (package.json "bin"): loads TypeScript through tsx, resolved from this
// file's location so it works from any directory, then runs the CLI.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
