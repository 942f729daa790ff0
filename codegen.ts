// graphql-codegen (client preset): typed documents for every operation under client/, generated from the
// printed schema. `npm run codegen` prints the schema first; the output is committed and CI fails when
// it is stale, so keep this deterministic (no timestamps, sorted input).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema.graphql",
  documents: ["client/**/*.{ts,tsx}", "!client/sdk/generated/**"],
  ignoreNoDocuments: false,
  // Imports with .js extensions, so the SDK package's compiled output runs in Node as ESM.
  emitLegacyCommonJSImports: false,
  generates: {
    "client/sdk/generated/": {
      preset: "client",
      presetConfig: { gqlTagName: "graphql", fragmentMasking: { unmaskFunctionName: "readFragment" } },
      config: {
        useTypeImports: true,
        enumType: "string-literal",
        scalars: { DateTime: "string", File: "File" },
        strictScalars: true,
        skipTypename: false,
        nonOptionalTypename: false,
      },
    },
  },
};

export default config;
