// One page of the migrations Relay connection for the history list, and the realm's live migration events
// that keep its rows current.
import { graphql } from "@realm-migration/sdk/generated";

export const HistoryMigrationsQuery = graphql(`
  query HistoryMigrations($realmId: ID, $status: MigrationStatus, $first: Int!, $after: String) {
    migrations(realmId: $realmId, status: $status, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          type
          status
          sourceRealm {
            id
            name
          }
          targetRealm {
            id
            name
          }
          totalDocuments
          processedDocuments
          failedDocuments
          rolledBackDocuments
          progress
          lastSequence
          createdAt
          completedAt
        }
      }
    }
  }
`);

export const HistoryRealmEventsSubscription = graphql(`
  subscription HistoryRealmEvents($realmId: ID!) {
    realmMigrationEvents(realmId: $realmId) {
      migrationId
      sequence
      type
      status
      totalDocuments
      processedDocuments
      failedDocuments
      rolledBackDocuments
      progress
    }
  }
`);
