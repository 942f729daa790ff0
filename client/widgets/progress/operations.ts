// What the progress monitor reads once (a snapshot with its sequence number) and the mutations behind
// its buttons. Live updates come from the SDK's migrationProgress subscription (watchMigration).
// MonitorRollbackItems is read only for a migration whose rollback had already failed when the monitor
// opened: events list the items that could not be undone while it watches, the snapshot does not.
import { graphql } from "@realm-migration/sdk/generated";

export const MonitorMigrationFragment = graphql(`
  fragment MonitorMigration on Migration {
    id
    type
    status
    mode
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
    skippedDocuments
    cancelledDocuments
    rolledBackDocuments
    progress
    lastSequence
    createdAt
    startedAt
    completedAt
    rollbackRequestedAt
    rolledBackAt
    rollbackForced
    canCancel {
      allowed
      reason
    }
    canRetry {
      allowed
      reason
    }
    canRollBack {
      allowed
      reason
    }
    errors {
      documentId
      stage
      message
      timestamp
    }
  }
`);

export const MonitorSnapshotQuery = graphql(`
  query MonitorSnapshot($id: ID!) {
    migration(id: $id) {
      ...MonitorMigration
    }
  }
`);

export const MonitorCancelMutation = graphql(`
  mutation MonitorCancel($id: ID!) {
    cancelMigration(id: $id) {
      __typename
      ... on MutationCancelMigrationSuccess {
        data {
          ...MonitorMigration
        }
      }
      ... on Error {
        code
        message
        path
      }
    }
  }
`);

export const MonitorRetryMutation = graphql(`
  mutation MonitorRetry($id: ID!) {
    retryFailedDocuments(migrationId: $id) {
      __typename
      ... on MutationRetryFailedDocumentsSuccess {
        data {
          ...MonitorMigration
        }
      }
      ... on Error {
        code
        message
        path
      }
    }
  }
`);

export const MonitorRollbackMutation = graphql(`
  mutation MonitorRollback($id: ID!, $force: Boolean) {
    rollbackMigration(id: $id, force: $force) {
      __typename
      ... on MutationRollbackMigrationSuccess {
        data {
          ...MonitorMigration
        }
      }
      ... on Error {
        code
        message
        path
      }
    }
  }
`);

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
