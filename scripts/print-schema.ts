// Writes schema.graphql from the code-first schema (npm run schema:print). CI fails when it is stale.
import fs from "node:fs";
import { lexicographicSortSchema, printSchema } from "graphql";
import { schema } from "../server/schema/index.ts";

fs.writeFileSync(new URL("../schema.graphql", import.meta.url), printSchema(lexicographicSortSchema(schema)) + "\n");
