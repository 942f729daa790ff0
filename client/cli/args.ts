// Command-line parsing for realm-migrate: the options every command shares (URL, token, --json, --help)
// and the flags that describe a migration, turned into the API's MigrationInput. Mistakes are UsageErrors
// (exit code 2) that say which flag to change.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { STAGE_LABELS, STAGE_NAMES } from "@realm-migration/sdk";
import type { MigrationInput, MigrationOptionsInput, MigrationType, Stage } from "@realm-migration/sdk";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export const COMMON_OPTIONS = {
  url: { type: "string" },
  token: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies ParseArgsConfig["options"];

export const MIGRATION_OPTIONS = {
  type: { type: "string" },
  source: { type: "string" },
  target: { type: "string" },
  documents: { type: "string", multiple: true },
  all: { type: "boolean" },
  status: { type: "string" },
  "title-prefix": { type: "string" },
  mode: { type: "string" },
  conflict: { type: "string" },
  "no-copy-stage-files": { type: "boolean" },
  "preserve-original": { type: "boolean" },
  reprocess: { type: "string" },
  "target-databases": { type: "string" },
  "source-database": { type: "string" },
  "remove-from-source": { type: "boolean" },
  "parity-sample": { type: "string" },
  "parity-k": { type: "string" },
  "parity-threshold": { type: "string" },
  "parity-on-below": { type: "string" },
  "no-parity": { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

export type Values = Record<string, string | boolean | string[] | undefined>;

/** Parses `args` with the common options plus `options`; unknown flags are usage errors. */
export function parse(args: string[], options: ParseArgsConfig["options"]): { values: Values; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args,
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
    return { values: values as Values, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ""));
  }
}

export function str(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** Comma-separated and/or repeated values, trimmed, empty ones dropped. */
export function list(values: Values, name: string): string[] | undefined {
  const value = values[name];
  if (value === undefined || typeof value === "boolean") return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(",")).map((v) => v.trim());
  return items.filter(Boolean);
}

export function int(values: Values, name: string, min = 1): number | undefined {
  const value = str(values, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}.`);
  return n;
}

/** `value` as one of `choices`, accepting any case and `-` for `_` (e.g. cross-database). */
export function choice<T extends string>(
  value: string | undefined,
  flag: string,
  choices: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  const normalized = value.toUpperCase().replaceAll("-", "_");
  const found = choices.find((c) => c === normalized);
  if (!found) throw new UsageError(`--${flag} must be one of ${choices.join(", ").toLowerCase()} (got "${value}").`);
  return found;
}

/** Stage names as people write them (chunker, fact-generator; any case, `_` for `-`) as the API's Stage values. */
export function stages(names: readonly string[], flag: string): Stage[] {
  return names.map((name) => {
    const found = STAGE_NAMES.find((stage) => stage === name.toUpperCase().replaceAll("-", "_"));
    if (!found)
      throw new UsageError(`--${flag} takes stages among ${Object.values(STAGE_LABELS).join(", ")} (got "${name}").`);
    return found;
  });
}

const TYPES: readonly MigrationType[] = ["DOCUMENT_TO_REALM", "REALM_DATABASE_ADDITION", "CROSS_DATABASE"];
const STATUSES = ["UPLOADED", "PROCESSING", "READY", "FAILED", "RETIRED", "MIGRATING"] as const;

/** The --parity-* flags as retrieval-parity settings (the server checks the ranges); undefined when none is given. */
function retrievalParity(values: Values): MigrationOptionsInput["retrievalParity"] {
  const settings: NonNullable<MigrationOptionsInput["retrievalParity"]> = {};
  if (values["no-parity"]) settings.enabled = false;
  const sample = int(values, "parity-sample");
  if (sample !== undefined) settings.sample = sample;
  const k = int(values, "parity-k");
  if (k !== undefined) settings.k = k;
  const threshold = str(values, "parity-threshold");
  if (threshold !== undefined) {
    const n = Number(threshold);
    if (threshold.trim() === "" || !Number.isFinite(n))
      throw new UsageError(`--parity-threshold must be a number from 0 to 1 (got "${threshold}").`);
    settings.threshold = n;
  }
  const onBelow = choice(str(values, "parity-on-below"), "parity-on-below", ["WARN", "FAIL"] as const);
  if (onBelow) settings.onBelow = onBelow;
  return Object.keys(settings).length ? settings : undefined;
}

/**
 * The MigrationInput the migration flags describe. `realm` resolves a realm given by id or name.
 * Exactly one selection: --documents, --all, or a filter (--status and/or --title-prefix).
 */
export async function migrationInput(
  values: Values,
  realm: (idOrName: string) => Promise<string>,
): Promise<MigrationInput> {
  const source = str(values, "source");
  if (!source) throw new UsageError("--source <realm id or name> is required.");
  const type = choice(str(values, "type"), "type", TYPES) ?? "DOCUMENT_TO_REALM";
  const documentIds = list(values, "documents");
  const status = choice(str(values, "status"), "status", STATUSES);
  const titlePrefix = str(values, "title-prefix");
  const filtered = status !== undefined || titlePrefix !== undefined;
  const selections = [documentIds !== undefined, values.all === true, filtered].filter(Boolean).length;
  if (selections === 0)
    throw new UsageError("Choose the documents: --documents <ids>, --all, or --status/--title-prefix.");
  if (selections > 1) throw new UsageError("Use only one of --documents, --all, and --status/--title-prefix.");

  const options: MigrationOptionsInput = {};
  const mode = choice(str(values, "mode"), "mode", ["COPY", "MOVE"] as const);
  if (mode) options.migrationMode = mode;
  const conflict = choice(str(values, "conflict"), "conflict", ["FAIL", "SKIP", "RENAME"] as const);
  if (conflict) options.conflictPolicy = conflict;
  if (values["no-copy-stage-files"]) options.copyStageFiles = false;
  if (values["preserve-original"]) options.preserveOriginal = true;
  const reprocess = list(values, "reprocess");
  if (reprocess) options.reprocessStages = stages(reprocess, "reprocess");
  const targetDatabases = list(values, "target-databases");
  if (targetDatabases) options.targetDatabases = targetDatabases;
  const sourceDatabase = str(values, "source-database");
  if (sourceDatabase) options.sourceDatabaseId = sourceDatabase;
  if (values["remove-from-source"]) options.removeFromSource = true;
  const parity = retrievalParity(values);
  if (parity) options.retrievalParity = parity;

  const target = str(values, "target");
  return {
    type,
    sourceRealmId: await realm(source),
    ...(target ? { targetRealmId: await realm(target) } : {}),
    ...(documentIds ? { documentIds } : values.all ? { filter: {} } : { filter: { status, titlePrefix } }),
    ...(Object.keys(options).length ? { options } : {}),
  };
}
