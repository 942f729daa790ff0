// What every scenario gets, and what it gives back.
import type { Bench, RealmCounts } from "../setup.ts";
import type { Table } from "../report.ts";

export interface ScenarioContext {
  bench: Bench;
  runs: number;
  quick: boolean;
  /** Time box of one baseline run (ms); undefined: the baselines finish their N. */
  baselineBudgetMs: number | undefined;
  /** Extra environment for the server under test (e.g. MIGRATION_CONCURRENCY). */
  serverEnv: Record<string, string>;
  log(line: string): void;
}

export interface ScenarioResult {
  name: string;
  tables: Table[];
  json: Record<string, unknown>;
}

/** Throws unless the target holds what the source holds (documents, files, ingestions, records). */
export function expectSameCounts(what: string, expected: RealmCounts, actual: RealmCounts): void {
  const differs = (Object.keys(expected) as Array<keyof RealmCounts>).filter((k) => expected[k] !== actual[k]);
  if (differs.length > 0) {
    throw new Error(
      `${what}: the target does not hold what the source holds (${differs.map((k) => `${k} ${actual[k]} ≠ ${expected[k]}`).join(", ")})`,
    );
  }
}
