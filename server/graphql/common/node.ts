import { Field, ID, InterfaceType } from 'type-graphql';

// No resolveType: type-graphql's default finds the object type by prototype
// (rows are built on their GraphQL type's prototype, server/db/sql.ts), and
// answers synchronously, which graphql-jit needs (it does not await a type).
@InterfaceType('Node', {
  description: 'An object with a global id, fetchable with `node(id:)`.',
})
export abstract class Node {
  @Field(() => ID, { description: 'Opaque global id.' })
  id: string;
}
