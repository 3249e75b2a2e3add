import { GraphQLError } from 'graphql';

/** What went wrong, in the API's terms; mapped to a GraphQL error code in one place. */
export type ApiErrorKind = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'QUERY_TOO_COMPLEX' | 'RATE_LIMITED';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  /** The argument or input field at fault, e.g. "filter.receivedDate". */
  readonly field: string | undefined;

  constructor(kind: ApiErrorKind, message: string, field?: string) {
    super(message);
    this.name = 'ApiError';
    this.kind = kind;
    this.field = field;
  }
}

export const badInput = (field: string, message: string) => new ApiError('BAD_USER_INPUT', `${field}: ${message}`, field);
export const notFound = (message: string) => new ApiError('NOT_FOUND', message);

function assertUnreachable(value: never): never {
  throw new Error(`unhandled API error kind ${String(value)}`);
}

/** The HTTP status a request failing only with this error should get. */
export function httpStatusOf(kind: ApiErrorKind): number {
  switch (kind) {
    case 'BAD_USER_INPUT':
    case 'QUERY_TOO_COMPLEX':
      return 400;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'RATE_LIMITED':
      return 429;
    case 'NOT_FOUND':
      return 200; // a missing entity is a partial result, not a failed request
    default:
      return assertUnreachable(kind);
  }
}

export function toGraphQLError(error: ApiError): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { code: error.kind, ...(error.field ? { field: error.field } : {}) },
  });
}
