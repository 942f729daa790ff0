// Migrations: plan, create, cancel, roll back, retry, read, and follow progress live. Each file registers
// its types or root fields; this one loads them in order and re-exports what other domains use.
import "./enums.ts";
import "./verification.ts";
import "./item.ts";
import "./migration.ts";
import "./events.ts";
import "./plan.ts";
import "./inputs.ts";
import "./queries.ts";
import "./mutations.ts";
import "./subscriptions.ts";

export { MigrationStatusEnum, MigrationTypeEnum } from "./enums.ts";
export { Migration } from "./migration.ts";
