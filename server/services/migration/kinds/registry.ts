// Migration type → its kind. The one place that chooses by type: everything else asks the kind. A new
// MigrationType value that has no kind here fails to compile.
import type { MigrationType } from "../../../generated/prisma/enums.ts";
import { crossDatabase } from "./cross-database.ts";
import { documentToRealm } from "./document-to-realm.ts";
import type { MigrationKind } from "./kind.ts";
import { realmDatabaseAddition } from "./realm-database-addition.ts";

const KINDS = {
  DOCUMENT_TO_REALM: documentToRealm,
  REALM_DATABASE_ADDITION: realmDatabaseAddition,
  CROSS_DATABASE: crossDatabase,
} as const satisfies Record<MigrationType, MigrationKind>;

export function kindOf(type: MigrationType): MigrationKind {
  return KINDS[type];
}
