// The observable state of some realms, for before/after comparisons: documents, their stage files and
// ingestion rows, and what every database holds for each realm (counted through its connector).
import type { Services } from "../../server/services/index.ts";

export async function realmSnapshot(services: Pick<Services, "db" | "connectors">, realmIds: string[]) {
  const { prisma } = services.db;
  const inRealms = { document: { realmId: { in: realmIds } } };
  const documents = await prisma.document.findMany({
    where: { realmId: { in: realmIds } },
    orderBy: { id: "asc" },
    select: { id: true, realmId: true, title: true, status: true, retiredAt: true, sha256: true, migrationId: true },
  });
  const stageFiles = await prisma.stageFile.findMany({
    where: inRealms,
    orderBy: [{ documentId: "asc" }, { stage: "asc" }],
    select: { documentId: true, stage: true, name: true, sha256: true, size: true, copiedFromId: true },
  });
  const ingestions = await prisma.ingestion.findMany({
    where: inRealms,
    orderBy: [{ documentId: "asc" }, { databaseId: "asc" }],
    select: {
      documentId: true,
      databaseId: true,
      status: true,
      points: true,
      nodes: true,
      relationships: true,
      contentHash: true,
      migrationId: true,
      error: true,
    },
  });
  const databases = await prisma.database.findMany({ orderBy: { name: "asc" } });
  const stored: Record<string, unknown> = {};
  for (const database of databases) {
    const connector = await services.connectors.get(database);
    for (const realmId of realmIds) stored[`${database.name}/${realmId}`] = await connector.count({ realmId });
  }
  return {
    documents: documents.map((d) => ({ ...d, retiredAt: d.retiredAt !== null })),
    stageFiles: stageFiles.map((f) => ({ ...f, size: f.size.toString() })),
    ingestions,
    stored,
  };
}
