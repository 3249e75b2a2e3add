import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import {
  GraphQLError, TypeInfo, visit, visitWithTypeInfo, Kind,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLSchema, type OperationDefinitionNode,
} from 'graphql';
import { can, rolesWith } from '../../auth/permissions.ts';
import type { AuthProblem } from '../../auth/request-security.ts';
import { isSignedIn, type Viewer } from '../../auth/viewer.ts';
import type { GraphQLContext } from '../context.ts';
import { FIELD_ACCESS, INTROSPECTION_ROLES, type FieldAccess } from './field-access.ts';

type Refusal = { code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string };

const SIGN_IN_FIRST: Record<AuthProblem, string> = {
  missing: 'Sign in first: send `Authorization: Bearer <accessToken>` (from the signIn mutation) or an API token.',
  expired: 'Your session has expired: refresh it (refreshSession) or sign in again.',
  invalid: 'The access token is not valid: sign in again.',
  revoked: 'The API token is unknown or was revoked: ask an administrator for a new one.',
};

const rootFieldsOf = new WeakMap<OperationDefinitionNode, string[]>();

/** selectedRootFields, once per parsed operation (Apollo reuses the parsed document of a repeated query). */
function cachedRootFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): string[] {
  let fields = rootFieldsOf.get(operation);
  if (!fields) rootFieldsOf.set(operation, (fields = selectedRootFields(schema, document, operation)));
  return fields;
}

/** Root fields (and introspection fields) the operation selects, through its fragments. */
export function selectedRootFields(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): string[] {
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]));
  const rootTypes = new Set([schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name].filter(Boolean));
  const typeInfo = new TypeInfo(schema);
  const fields = new Set<string>();
  const pending: FragmentDefinitionNode[] = [];
  const seen = new Set<string>();
  const visitor = visitWithTypeInfo(typeInfo, {
    Field(node) {
      const parent = typeInfo.getParentType();
      if (node.name.value === '__typename') return;
      if (node.name.value === '__schema' || node.name.value === '__type') fields.add('introspection');
      else if (parent && rootTypes.has(parent.name)) fields.add(`${parent.name}.${node.name.value}`);
    },
    FragmentSpread(node) {
      const fragment = fragments.get(node.name.value);
      if (fragment && !seen.has(fragment.name.value)) {
        seen.add(fragment.name.value);
        pending.push(fragment);
      }
    },
  });
  visit(operation, visitor);
  while (pending.length) visit(pending.pop()!, visitor);
  return [...fields];
}

function refusalFor(field: string, access: FieldAccess | undefined, viewer: Viewer, problem: AuthProblem | null): Refusal | null {
  if (access === undefined) return { code: 'FORBIDDEN', message: `${field} has no access rule and is refused (declare one in server/graphql/auth/field-access.ts).` };
  if (access === 'public') return null;
  if (!isSignedIn(viewer)) return { code: 'UNAUTHENTICATED', message: SIGN_IN_FIRST[problem ?? 'missing'] };
  if (access === 'signedIn' || can(viewer, access)) return null;
  const name = field.split('.')[1];
  return { code: 'FORBIDDEN', message: `Not allowed: ${name} needs ${access}, which the roles ${rolesWith(access).join(', ')} have; you have ${viewer.roles.join(', ') || 'none'}.` };
}

function introspectionRefusal(viewer: Viewer, problem: AuthProblem | null, development: boolean): Refusal | null {
  if (development) return null;
  if (!isSignedIn(viewer)) return { code: 'UNAUTHENTICATED', message: `Introspection needs a signed-in user outside development. ${SIGN_IN_FIRST[problem ?? 'missing']}` };
  if (viewer.roles.some((role) => (INTROSPECTION_ROLES as readonly string[]).includes(role))) return null;
  return { code: 'FORBIDDEN', message: `Not allowed: introspection is for the roles ${INTROSPECTION_ROLES.join(', ')}; you have ${viewer.roles.join(', ') || 'none'}.` };
}

/** The decision for one operation: null to run it, else why not (UNAUTHENTICATED before FORBIDDEN). */
export function accessRefusal(fields: string[], viewer: Viewer, problem: AuthProblem | null, development: boolean): Refusal | null {
  const refusals = fields
    .map((field) => (field === 'introspection' ? introspectionRefusal(viewer, problem, development) : refusalFor(field, FIELD_ACCESS[field], viewer, problem)))
    .filter((r): r is Refusal => r !== null);
  return refusals.find((r) => r.code === 'UNAUTHENTICATED') ?? refusals[0] ?? null;
}

/**
 * Checks every operation against FIELD_ACCESS once it is parsed and
 * validated, before execution: a refused operation runs no resolver and no
 * statement. UNAUTHENTICATED answers HTTP 401, FORBIDDEN 403.
 */
export function accessPlugin(): ApolloServerPlugin<GraphQLContext & BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, contextValue }) {
          if (!operation) return; // Apollo refuses a document without the named operation itself
          const fields = cachedRootFields(schema, document, operation);
          const refusal = accessRefusal(fields, contextValue.viewer, contextValue.security.problem, contextValue.security.development);
          if (refusal) {
            throw new GraphQLError(refusal.message, { extensions: { code: refusal.code, http: { status: refusal.code === 'UNAUTHENTICATED' ? 401 : 403 } } });
          }
        },
      };
    },
  };
}
