// What the document migration dialog reads (realms to pick a target from) and its preview's plan. It creates
// with the SDK's CreateMigrationMutation (MigrationDetails), so a monitor opened on the result renders at once.
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
      ...ErrorFields
    }
  }
`);
