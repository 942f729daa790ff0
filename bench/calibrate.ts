// What one statement costs the Node process that sends it: the same queries through the service's Prisma
// client (PrismaPg adapter, query compiler) and through pg directly, sequentially, CPU time per statement
// from process.cpuUsage(). Explains the server's CPU per document, which is statements × this.
import crypto from "node:crypto";
import type { Bench } from "./setup.ts";

export interface StatementCost {
  statement: string;
  prismaCpuMs: number;
  pgCpuMs: number;
  prismaWallMs: number;
  pgWallMs: number;
}

async function measure(times: number, run: () => Promise<unknown>): Promise<{ cpuMs: number; wallMs: number }> {
  for (let i = 0; i < 20; i++) await run();
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < times; i++) await run();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000 / times, wallMs: (performance.now() - started) / times };
}

export async function statementCosts(bench: Bench, realmId: string, times = 300): Promise<StatementCost[]> {
  const prisma = bench.services.db.prisma;
  const pool = bench.setupPool;
  const { rows } = await pool.query(`SELECT id FROM "Document" WHERE "realmId" = $1 LIMIT 1`, [realmId]);
  const id = rows[0].id as string;
  const missing = crypto.randomUUID();
  const cases: Array<[string, () => Promise<unknown>, () => Promise<unknown>]> = [
    [
      "find a document by id",
      () => prisma.document.findUnique({ where: { id } }),
      () => pool.query(`SELECT * FROM "Document" WHERE id = $1 LIMIT 1`, [id]),
    ],
    [
      "a document's stage files",
      () => prisma.stageFile.findMany({ where: { documentId: id } }),
      () => pool.query(`SELECT * FROM "StageFile" WHERE "documentId" = $1`, [id]),
    ],
    [
      "update one item (no row matches)",
      () => prisma.migrationItem.updateMany({ where: { id: missing, status: "IN_PROGRESS" }, data: { attempt: 1 } }),
      () => pool.query(`UPDATE "MigrationItem" SET attempt = 1 WHERE id = $1 AND status = 'IN_PROGRESS'`, [missing]),
    ],
  ];
  const costs: StatementCost[] = [];
  for (const [statement, viaPrisma, viaPg] of cases) {
    const p = await measure(times, viaPrisma);
    const g = await measure(times, viaPg);
    costs.push({ statement, prismaCpuMs: p.cpuMs, pgCpuMs: g.cpuMs, prismaWallMs: p.wallMs, pgWallMs: g.wallMs });
  }
  return costs;
}
