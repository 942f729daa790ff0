// The SDK's migration fragments read into plain objects: MigrationSummary (what lists and mutations show)
// and MigrationDetails (the summary with options, errors and retrieval verification). Codegen masks a fragment's fields until it
// is read; these read both levels, so the helpers, the widgets and the demo see one shape.
import type { ResultOf } from "@graphql-typed-document-node/core";
import { readFragment, type FragmentType } from "./generated/index.ts";
import { MigrationDetailsFragment, MigrationSummaryFragment } from "./operations.ts";

/** A fragment's fields without codegen's masking markers. */
type Fields<T> = Omit<T, " $fragmentName" | " $fragmentRefs">;

export type MigrationSummary = Fields<ResultOf<typeof MigrationSummaryFragment>>;
export type MigrationDetails = MigrationSummary & Fields<ResultOf<typeof MigrationDetailsFragment>>;

export function readMigrationSummary(migration: FragmentType<typeof MigrationSummaryFragment>): MigrationSummary {
  const { " $fragmentName": _name, ...fields } = readFragment(MigrationSummaryFragment, migration);
  return fields;
}

export function readMigrationDetails(migration: FragmentType<typeof MigrationDetailsFragment>): MigrationDetails {
  const details = readFragment(MigrationDetailsFragment, migration);
  return {
    ...readMigrationSummary(details),
    options: details.options,
    errors: details.errors,
    verification: details.verification,
  };
}
