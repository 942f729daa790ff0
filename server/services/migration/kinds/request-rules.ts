// Request rules more than one kind applies. A rejected request names the input field that must change.
import { invalid } from "../invalid-input.ts";
import type { MigrationOptionsInput } from "../types.ts";

/** The options only a CROSS_DATABASE migration takes. */
export function rejectCrossDatabaseOptions(input: MigrationOptionsInput): void {
  if (input.sourceDatabaseId)
    invalid("sourceDatabaseId applies to CROSS_DATABASE migrations only.", "options.sourceDatabaseId");
  if (input.removeFromSource)
    invalid("removeFromSource applies to CROSS_DATABASE migrations only.", "options.removeFromSource");
}

/** The kinds that write into named databases need them named. */
export function requireTargetDatabases(input: MigrationOptionsInput, message: string): string[] {
  const targets = input.targetDatabases;
  if (!targets || targets.length === 0) invalid(message, "targetDatabases");
  return targets;
}
