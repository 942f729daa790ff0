// What the document migration dialog reads (realms to pick a target from) and runs (plan, create). The
// created migration carries the monitor's fragment, so a monitor opened on it renders at once.
import { graphql } from "@realm-migration/sdk/generated";

export const MigrationDialogRealmsQuery = graphql(`
  query MigrationDialogRealms {
    realms {
      id
      name
      documentCount
    }
  }
`);

export const MigrationDialogPlanMutation = graphql(`
  mutation MigrationDialogPlan($input: MigrationInput!) {
    planMigration(input: $input, limit: 20) {
      __typename
      ... on MutationPlanMigrationSuccess {
        data {
          totalDocuments
          toCreate
          toRename
          toSkip
          conflicts
          bytesReferenced
          options {
            reprocessStages
            targetDatabases
          }
          targetDatabaseHealth {
            ok
            message
            database {
              id
              name
              kind
            }
          }
          warnings {
            code
            message
            database {
              id
              name
            }
          }
          documents {
            documentId
            title
            action
            targetTitle
            stagesRerun
          }
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

export const MigrationDialogCreateMutation = graphql(`
  mutation MigrationDialogCreate($input: MigrationInput!) {
    createMigration(input: $input) {
      __typename
      ... on MutationCreateMigrationSuccess {
        data {
          id
          status
          totalDocuments
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
