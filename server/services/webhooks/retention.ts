// Deletes finished deliveries (SUCCEEDED or FAILED) with their attempt logs once they are older than the
// retention, in batches so one pass never holds a long lock. Deliveries still due are never deleted.
import type { Prisma } from "../db/open.ts";

const BATCH = 1000;

/**
 * Deletes deliveries finished more than `days` days ago; returns how many went. For a finished delivery
 * `nextAttemptAt` is when it finished (no retry is due), so the (status, nextAttemptAt) index finds them;
 * `updatedAt` is checked as well, so a delivery touched since is kept.
 */
export async function pruneDeliveries(prisma: Prisma, days: number): Promise<number> {
  if (days <= 0) return 0;
  let deleted = 0;
  for (;;) {
    const count = await prisma.$executeRawUnsafe(
      `DELETE FROM "WebhookDelivery" WHERE id IN (
         SELECT id FROM "WebhookDelivery"
         WHERE status IN ('SUCCEEDED', 'FAILED')
           AND "nextAttemptAt" < (now() AT TIME ZONE 'UTC') - ($1 || ' days')::interval
           AND "updatedAt" < (now() AT TIME ZONE 'UTC') - ($1 || ' days')::interval
         LIMIT ${BATCH})`,
      String(days),
    );
    deleted += count;
    if (count < BATCH) return deleted;
  }
}
