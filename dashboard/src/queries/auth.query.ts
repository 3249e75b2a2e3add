import { graphql } from '../gql/gql.ts';

// Sign-in, session refresh and sign-out (AUTH_CONTRACT.md). Each asks only for
// the three parts of the stored session; who signed in comes from `me`.

export const SignInMutation = graphql(`
  mutation SignIn($username: String!, $password: String!) {
    signIn(username: $username, password: $password) { accessToken refreshToken accessTokenExpiresAt }
  }
`);

export const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken accessTokenExpiresAt }
  }
`);

export const SignOutMutation = graphql(`
  mutation SignOut($refreshToken: String!) {
    signOut(refreshToken: $refreshToken)
  }
`);

/** Who is signed in (null when the token is missing or no longer valid). */
export const MeQuery = graphql(`
  query Me {
    me { id username displayName roles }
  }
`);
