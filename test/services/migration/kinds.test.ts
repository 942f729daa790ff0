// The kinds' pure parts, without a database: the conflict policy's title actions, each kind's stage plan,
// the dry run's entry per document, and the registry covering every migration type.
import { describe, expect, it } from "vitest";
import { MigrationType } from "../../../server/generated/prisma/enums.ts";
import { freeTitle, titleAction } from "../../../server/services/migration/kinds/document-to-realm.ts";
import { kindOf } from "../../../server/services/migration/kinds/registry.ts";
import { DEFAULT_PARITY } from "../../../server/services/migration/parity-settings.ts";
import { planDocument } from "../../../server/services/migration/planner.ts";
import type { ResolvedMigration, ResolvedOptions, SourceDocument } from "../../../server/services/migration/types.ts";
import type { StageName } from "../../../server/services/stages/types.ts";

const ALL: StageName[] = ["markdown-conversion", "markdown-optimizer", "chunker", "fact-generator", "ingestor"];

function migration(type: ResolvedMigration["type"], options: Partial<ResolvedOptions> = {}): ResolvedMigration {
  return {
    type,
    sourceRealmId: "source",
    targetRealmId: type === "DOCUMENT_TO_REALM" ? "target" : "source",
    options: {
      migrationMode: "COPY",
      copyStageFiles: true,
      reprocessStages: ["ingestor"],
      preserveOriginal: true,
      targetDatabases: ["db-1"],
      conflictPolicy: "FAIL",
      sourceDatabaseId: type === "CROSS_DATABASE" ? "db-0" : null,
      removeFromSource: false,
      retrievalParity: DEFAULT_PARITY,
      ...options,
    },
    selection: { documentIds: null, filter: { status: null, titlePrefix: null } },
    scheduledAt: null,
  };
}

const document = (stages: StageName[], title = "Report"): SourceDocument => ({
  id: "doc-1",
  title,
  size: 1000n,
  stageFiles: stages.map((stage) => ({ stage, size: 10n })),
});

describe("title actions (DOCUMENT_TO_REALM conflict policy)", () => {
  it("a free title is created as it is, whatever the policy", () => {
    for (const policy of ["FAIL", "SKIP", "RENAME"] as const)
      expect(titleAction(policy, "Report", new Set(["Other"]))).toEqual({ action: "CREATE", targetTitle: "Report" });
  });

  it("a taken title is a conflict under FAIL, skipped under SKIP, renamed to the first free variant under RENAME", () => {
    const taken = new Set(["Report", "Report (2)", "Report (4)"]);
    expect(titleAction("FAIL", "Report", taken)).toEqual({ action: "CONFLICT", targetTitle: null });
    expect(titleAction("SKIP", "Report", taken)).toEqual({ action: "SKIP", targetTitle: null });
    expect(titleAction("RENAME", "Report", taken)).toEqual({ action: "RENAME", targetTitle: "Report (3)" });
  });

  it("freeTitle counts from 2 and skips every taken variant", () => {
    expect(freeTitle("A", new Set())).toBe("A (2)");
    expect(freeTitle("A", new Set(["A (2)", "A (3)"]))).toBe("A (4)");
  });

  it("kinds that create no document leave titles alone", () => {
    for (const type of ["REALM_DATABASE_ADDITION", "CROSS_DATABASE"] as const)
      expect(kindOf(type).titleAction(migration(type), "Report", new Set(["Report"]))).toEqual({
        action: "CREATE",
        targetTitle: null,
      });
  });
});

describe("stage plans", () => {
  const plan = (m: ResolvedMigration, present: StageName[]) => kindOf(m.type).stagePlan(m, new Set(present));

  it("a copy with every file copies all but the re-run ingestor", () => {
    expect(plan(migration("DOCUMENT_TO_REALM"), ALL)).toEqual({
      copied: ["markdown-conversion", "markdown-optimizer", "chunker", "fact-generator"],
      rerun: ["ingestor"],
    });
  });

  it("a copy re-runs the upstream stages whose files are missing", () => {
    expect(plan(migration("DOCUMENT_TO_REALM"), ["markdown-conversion"])).toEqual({
      copied: ["markdown-conversion"],
      rerun: ["chunker", "fact-generator", "ingestor"],
    });
  });

  it("re-running a stage makes the files downstream of it stale: they re-run too", () => {
    expect(plan(migration("DOCUMENT_TO_REALM", { reprocessStages: ["chunker", "ingestor"] }), ALL)).toEqual({
      copied: ["markdown-conversion", "markdown-optimizer"],
      rerun: ["chunker", "fact-generator", "ingestor"],
    });
  });

  it("without copyStageFiles every stage needed runs, nothing is copied", () => {
    expect(plan(migration("DOCUMENT_TO_REALM", { copyStageFiles: false }), ALL)).toEqual({
      copied: [],
      rerun: ["markdown-conversion", "chunker", "fact-generator", "ingestor"],
    });
  });

  it("reprocessStages [] copies everything and runs nothing", () => {
    expect(plan(migration("DOCUMENT_TO_REALM", { reprocessStages: [] }), ALL)).toEqual({ copied: ALL, rerun: [] });
  });

  it("a backfill re-runs the ingestor (and what its inputs need), a cross-database copy runs nothing", () => {
    expect(plan(migration("REALM_DATABASE_ADDITION"), ALL)).toEqual({ copied: [], rerun: ["ingestor"] });
    expect(plan(migration("REALM_DATABASE_ADDITION"), ["markdown-conversion", "chunker"])).toEqual({
      copied: [],
      rerun: ["fact-generator", "ingestor"],
    });
    expect(plan(migration("CROSS_DATABASE"), ALL)).toEqual({ copied: [], rerun: [] });
  });
});

describe("the dry run's entry per document", () => {
  it("a copy references the original and the copied files; a skipped or conflicting one references nothing", () => {
    const m = migration("DOCUMENT_TO_REALM", { conflictPolicy: "SKIP" });
    const created = planDocument(m, document(ALL), new Set());
    expect(created).toMatchObject({ action: "CREATE", targetTitle: "Report", bytesReferenced: 1000 + 4 * 10 });
    expect(created.stagesCopied).toHaveLength(4);
    expect(planDocument(m, document(ALL), new Set(["Report"]))).toMatchObject({ action: "SKIP", bytesReferenced: 0 });
    const fail = migration("DOCUMENT_TO_REALM");
    expect(planDocument(fail, document(ALL), new Set(["Report"]))).toMatchObject({
      action: "CONFLICT",
      bytesReferenced: 0,
    });
  });

  it("kinds that write records only reference no bytes and name the target databases", () => {
    for (const type of ["REALM_DATABASE_ADDITION", "CROSS_DATABASE"] as const)
      expect(planDocument(migration(type), document(ALL), new Set())).toMatchObject({
        action: "CREATE",
        targetTitle: null,
        bytesReferenced: 0,
        targetDatabases: ["db-1"],
      });
  });
});

describe("the registry", () => {
  it("has a kind for every migration type, each naming its own type", () => {
    for (const type of Object.values(MigrationType)) expect(kindOf(type).type).toBe(type);
  });

  it("only a cross-database copy restricts the selection to documents its source database holds", () => {
    expect(kindOf("CROSS_DATABASE").requiredIngestion(migration("CROSS_DATABASE"))).toBe("db-0");
    expect(kindOf("DOCUMENT_TO_REALM").requiredIngestion(migration("DOCUMENT_TO_REALM"))).toBeNull();
    expect(kindOf("REALM_DATABASE_ADDITION").requiredIngestion(migration("REALM_DATABASE_ADDITION"))).toBeNull();
  });
});
