// npm run users -- <command>: users and API tokens, against DATABASE_URL (or the embedded Postgres).
import { parseArgs } from 'node:util';
import { runCli } from '../cli.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { StartupError } from '../startup-error.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-token.service.ts';
import { ensureDemoUsers, DEMO_PASSWORD } from './demo-users.ts';
import { recordAudit } from '../audit/audit-log.ts';
import { createUser, disableUser, UserInputError } from './user-store.ts';
import { ROLES, type Role } from './viewer.ts';
import pg from 'pg';

const USAGE = `usage:
  npm run users -- add <username> --name "<display name>" --roles ROLE[,ROLE] --scope CODE[,CODE] [--service]
      (password read from CLEARLINE_NEW_PASSWORD; --service: no password, API tokens only)
  npm run users -- disable <username>
  npm run users -- token create <username> --name "<what it is for>"
  npm run users -- token list
  npm run users -- token revoke <token id>
  npm run users -- demo        (the demo users, password ${DEMO_PASSWORD}; for demo databases only)
roles: ${ROLES.join(', ')}`;

/** The command line acts as a local administrator in the audit log. */
const CLI_ACTOR = { id: 'cli', roles: ['ADMIN'] as Role[] };

await runCli(async () => {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { name: { type: 'string' }, roles: { type: 'string' }, scope: { type: 'string' }, service: { type: 'boolean' } },
  });
  const [command, ...rest] = positionals;
  if (!command) throw new StartupError(USAGE);
  const database = await openDatabase(loadConfig(), console.log);
  const pool = new pg.Pool({ connectionString: database.url, max: 1 });
  try {
    if (command === 'add') {
      const username = rest[0];
      const password = process.env.CLEARLINE_NEW_PASSWORD;
      if (!username || !values.name || !values.roles || !values.scope) throw new StartupError(USAGE);
      if (!values.service && (!password || password.length < 12)) throw new StartupError('Set CLEARLINE_NEW_PASSWORD to the new user’s password (12 characters or more), or pass --service.');
      const user = await createUser(pool, {
        username, displayName: values.name, password: values.service ? undefined : password,
        roles: values.roles.split(',').map((r) => r.trim().toUpperCase() as Role), orgUnitCodes: values.scope.split(',').map((c) => c.trim()),
      });
      await recordAudit(pool, CLI_ACTOR, { action: 'auth.user_create', targetType: 'User', targetId: user.id, details: { username: user.username, roles: user.roles } });
      console.log(`Created user ${user.username} (id ${user.id}), roles ${user.roles.join(', ')}, scope ${user.scope.join(', ')}.`);
    } else if (command === 'disable' && rest[0]) {
      const disabled = await disableUser(pool, rest[0]);
      if (disabled) await recordAudit(pool, CLI_ACTOR, { action: 'auth.user_disable', targetType: 'User', details: { username: rest[0] } });
      console.log(disabled ? `Disabled ${rest[0]}: sign-in, refresh and API tokens refused.` : `No enabled user ${rest[0]}.`);
    } else if (command === 'token' && rest[0] === 'create' && rest[1] && values.name) {
      const { id, token } = await createApiToken(pool, CLI_ACTOR, rest[1], values.name);
      console.log(`API token ${id} for ${rest[1]} (shown once; send it as "Authorization: Bearer <token>"):\n${token}`);
    } else if (command === 'token' && rest[0] === 'list') {
      for (const t of await listApiTokens(pool)) {
        console.log(`${t.id}\t${t.username}\t${t.prefix}…\t${t.name}\tcreated ${t.createdAt.toISOString()}\t${t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : `last used ${t.lastUsedAt?.toISOString() ?? 'never'}`}`);
      }
    } else if (command === 'token' && rest[0] === 'revoke' && rest[1]) {
      console.log((await revokeApiToken(pool, CLI_ACTOR, rest[1])) ? `Revoked API token ${rest[1]}.` : `No live API token ${rest[1]}.`);
    } else if (command === 'demo') {
      const created = await ensureDemoUsers(pool);
      console.log(created.length ? `Created demo users ${created.join(', ')} (password ${DEMO_PASSWORD}).` : 'The demo users exist already.');
    } else {
      throw new StartupError(USAGE);
    }
  } catch (error) {
    if (error instanceof UserInputError) throw new StartupError(error.message);
    throw error;
  } finally {
    await pool.end();
    await database.close();
  }
});
