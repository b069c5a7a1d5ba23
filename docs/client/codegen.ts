// A GraphQL Code Generator config for an app or a till talking to Regulars (docs/client.md).
// Copy it to your project with Regulars' schema.graphql and your operations (*.graphql, such as
// those of docs/operations), then: npm i -D @graphql-codegen/cli @graphql-codegen/client-preset
// and npx graphql-codegen. test/client.test.ts runs this very file on docs/operations.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // Regulars' schema.graphql (from its repository, or the server's introspection when enabled).
  schema: 'schema.graphql',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // DateTime: ISO-8601 with offset; Date: YYYY-MM-DD; money is Int minor units.
        scalars: { DateTime: 'string', Date: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
