// The --help texts of realm-migrate and of each command.

const CONNECTION = `Connection (every command):
  --url <url>       GraphQL endpoint or server URL (env RMS_URL; default http://127.0.0.1:4000/graphql)
  --token <token>   API token (env RMS_TOKEN; prefer the variable: flags show in the process list)
  --json            machine-readable output: one JSON value per line on stdout
  -h, --help        this help`;

const SELECTION = `Migration:
  --type <type>              document-to-realm (default), realm-database-addition, cross-database
  --source <realm>           source realm, by id or name (required)
  --target <realm>           target realm, by id or name (default: the source realm)
  --documents <ids>          these documents (comma-separated, repeatable) — or:
  --all                      every document of the source realm — or a filter:
  --status <status>          documents in this state (ready, failed, …)
  --title-prefix <text>      documents whose title starts with this
  --mode <copy|move>         copy (default) or move
  --conflict <policy>        title conflicts in the target: fail (default), skip, rename
  --no-copy-stage-files      re-run stages instead of copying their files
  --preserve-original        keep the source documents (copy)
  --reprocess <stages>       stages to re-run on the target, e.g. chunker,ingestor (default: ingestor)
  --target-databases <ids>   databases to write to (default: the target realm's)
  --source-database <id>     cross-database: database to read from
  --remove-from-source       cross-database: delete the records from the source after verification
  --parity-sample <n>        retrieval parity: chunks sampled as queries (default 50)
  --parity-k <k>             retrieval parity: hits compared per query (default 10)
  --parity-threshold <r>     retrieval parity: lowest acceptable recall@k, 0 to 1 (default 1)
  --parity-on-below <w|f>    below the threshold: warn (COMPLETED, default) or fail (FAILED)
  --no-parity                skip the retrieval-parity check`;

const EXIT_CODES = `Exit codes:
  0  done (watch: the migration COMPLETED)
  1  the request failed (the message names the API's code: NOT_FOUND, INVALID_INPUT, UNAUTHENTICATED, …)
  2  usage error
  3  the migration FAILED          4  the migration was CANCELLED          5  it was ROLLED_BACK
  130  interrupted while watching (the migration itself goes on)`;

export const HELP: Record<string, string> = {
  main: `realm-migrate — plan, run and follow migrations of the realm migration service

Usage: realm-migrate <command> [options]

Commands:
  plan            dry run: what a migration would do, nothing written
  create          create (and start or schedule) a migration; --watch to follow it
  watch <id>      follow a migration live until it ends
  cancel <id>     cancel a migration (pending items at once, in-flight ones finish)
  rollback <id>   undo a finished migration (--force past later changes, --watch to follow it)
  reschedule <id> move a migration that has not started to --at <time>
  retry <id>      re-queue a migration's failed items
  list            list migrations, newest first

Run "realm-migrate <command> --help" for a command's options.

${CONNECTION}

${EXIT_CODES}
`,
  plan: `Usage: realm-migrate plan --source <realm> [--target <realm>] <documents> [options]

Shows per document the action (CREATE, RENAME, SKIP, CONFLICT), the stages copied and re-run, and totals.
Nothing is written.

  --limit <n>                documents listed (default: the server's)

${SELECTION}

${CONNECTION}
`,
  create: `Usage: realm-migrate create --source <realm> [--target <realm>] <documents> [options]

Creates the migration; the server's runner starts it at once (or at --scheduled-at). Prints its id.

  --scheduled-at <time>      start at this ISO 8601 time instead of now
  --watch                    then follow it like "watch" (exit code says how it ended)

${SELECTION}

${CONNECTION}
`,
  watch: `Usage: realm-migrate watch <migration id>

Follows the migration over the migrationProgress subscription until it ends: a live progress bar
(finished/total, failed, rate, ETA) on a terminal, a progress line a second otherwise. Item failures
are printed as they happen. With --json: every event as a JSON line, then {"result": {...}}.
Exits with the code for how the migration ended; Ctrl-C stops watching, not the migration.

${CONNECTION}

${EXIT_CODES}
`,
  cancel: `Usage: realm-migrate cancel <migration id>

Pending items are cancelled at once; in-flight items finish (or are undone), then the migration is CANCELLED.

${CONNECTION}
`,
  rollback: `Usage: realm-migrate rollback <migration id> [--force] [--watch]

Undoes a COMPLETED, FAILED or CANCELLED migration, newest item first: target documents and their records
go, moved sources come back, records removed from a source database are restored from the backup,
backfilled records are removed. Refused while the migration runs, and when documents it wrote changed
since (the message lists them) unless --force.

  --force                    roll back even documents changed after the migration
  --watch                    then follow the rollback (exit 5 when ROLLED_BACK, 3 when it FAILED)

${CONNECTION}

${EXIT_CODES}
`,
  reschedule: `Usage: realm-migrate reschedule <migration id> --at <time>

Moves a SCHEDULED (or not yet started) migration to a new ISO 8601 start time; a past time starts it now.

${CONNECTION}
`,
  retry: `Usage: realm-migrate retry <migration id> [--documents <source document ids>]

Re-queues the failed items (all, or those of the given source documents); the migration runs again.

${CONNECTION}
`,
  list: `Usage: realm-migrate list [--realm <realm>] [--status <status>] [--type <type>] [--first <n>] [--after <cursor>]

Migrations newest first. --status: pending, scheduled, in-progress, completed, failed, cancelling,
cancelled, rolling-back, rolled-back. With --json: {"items": [...], "totalCount": n, "nextCursor": …}.

${CONNECTION}
`,
};
