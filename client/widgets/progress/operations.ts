// What the progress monitor reads once (a snapshot with its sequence number) and the mutations behind
// its buttons. Live updates come from the SDK's migrationProgress subscription (watchMigration).
import { graphql } from "../../sdk/generated/index.ts";

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
    progress
    lastSequence
    createdAt
    startedAt
    completedAt
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
