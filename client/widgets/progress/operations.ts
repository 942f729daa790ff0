// What the progress monitor reads besides the SDK's documents (its snapshot is the SDK's SdkMigration with
// MigrationDetails, its buttons the SDK's cancel/retry/rollback mutations, its live updates watchMigration).
// MonitorRollbackItems is read only for a migration whose rollback had already failed when the monitor
// opened: events list the items that could not be undone while it watches, the snapshot does not.
import { graphql } from "@realm-migration/sdk/generated";

export const MonitorRollbackItemsQuery = graphql(`
  query MonitorRollbackItems($id: ID!, $after: String) {
    migration(id: $id) {
      id
      items(first: 100, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            sourceDocumentId
            rollbackStatus
            rollbackError
          }
        }
      }
    }
  }
`);

/** Titles of the documents the failures name (by global id, in order; null where the token cannot read one). */
export const MonitorDocumentTitlesQuery = graphql(`
  query MonitorDocumentTitles($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Document {
        id
        title
      }
    }
  }
`);
