// What the database addition dialog reads (the realm's documents and attached databases) and the attach it
// runs; the migration it starts is the SDK's CreateMigrationMutation, shared with the document dialog.
import { graphql } from "@realm-migration/sdk/generated";

export const AdditionDocumentsQuery = graphql(`
  query AdditionDocuments($realmId: ID!, $first: Int!, $after: String) {
    realm(id: $realmId) {
      id
      databases {
        database {
          id
        }
      }
    }
    documents(realmId: $realmId, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          title
          status
        }
      }
    }
  }
`);

export const AdditionAttachMutation = graphql(`
  mutation AdditionAttach($realmId: ID!, $databaseId: ID!) {
    addDatabaseToRealm(input: { realmId: $realmId, databaseId: $databaseId, backfill: false }) {
      __typename
      ... on MutationAddDatabaseToRealmSuccess {
        data {
          realmDatabase {
            addedAt
          }
        }
      }
      ...ErrorFields
    }
  }
`);
