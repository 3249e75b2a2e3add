// GraphQL Code Generator: types for every query the dashboard writes with
// graphql(), checked against schema/schema.graphql. `npm run typecheck` runs
// it first, so a schema change that breaks a query fails the type check.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['dashboard/src/**/*.{ts,tsx}', '!dashboard/src/gql/**'],
  ignoreNoDocuments: false,
  generates: {
    'dashboard/src/gql/': {
      preset: 'client',
      config: {
        documentMode: 'string',
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { LocalDate: 'string', DateTimeISO: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: true },
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
