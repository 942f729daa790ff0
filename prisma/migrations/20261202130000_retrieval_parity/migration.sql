-- Retrieval parity: recall@k of sampled queries, source vs target, recorded when a migration's items are done.
ALTER TABLE "Migration" ADD COLUMN "verification" JSONB;
