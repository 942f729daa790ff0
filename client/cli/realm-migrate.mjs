#!/usr/bin/env node
// The `realm-migrate` executable in this repository (the root package.json "bin"): runs the CLI's
// TypeScript through tsx, resolved from this file's location so it works from any directory, with the
// workspace packages (@realm-migration/sdk) taken from their sources (the "source" export condition). The
// published @realm-migration/cli package runs its compiled dist/main.js instead.
import { register } from "node:module";
import { register as registerTsx } from "tsx/esm/api";

register(
  "data:text/javascript," +
    encodeURIComponent(
      "export function resolve(specifier, context, next) {" +
        " return next(specifier, { ...context, conditions: [...context.conditions, 'source'] }); }",
    ),
);
registerTsx();
await import("./main.ts");
