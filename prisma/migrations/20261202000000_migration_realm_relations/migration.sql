-- Migration.sourceRealm / targetRealm become real relations. Deleting a realm (there is no API for it; SQL
-- only) still succeeds, as before; its migrations now go with it, like its documents, roles and webhooks,
-- instead of staying behind with a realm id that no longer resolves.

-- Rows left dangling by realms deleted before this migration would fail the constraints: they go first
-- (their items and events cascade).
DELETE FROM "Migration" m
WHERE NOT EXISTS (SELECT 1 FROM "Realm" r WHERE r.id = m."sourceRealmId")
   OR NOT EXISTS (SELECT 1 FROM "Realm" r WHERE r.id = m."targetRealmId");

-- AddForeignKey
ALTER TABLE "Migration" ADD CONSTRAINT "Migration_sourceRealmId_fkey" FOREIGN KEY ("sourceRealmId") REFERENCES "Realm"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Migration" ADD CONSTRAINT "Migration_targetRealmId_fkey" FOREIGN KEY ("targetRealmId") REFERENCES "Realm"("id") ON DELETE CASCADE ON UPDATE CASCADE;
