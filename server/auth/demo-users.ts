import type pg from 'pg';
import { createUser, findUserByUsername, type NewUser } from './user-store.ts';

/** The one password of the demo users: created only alongside demo data, never in a real deployment. */
export const DEMO_PASSWORD = 'clearline-demo';

/**
 * One user per role over the demo utility. The manager heads Yinzhou county
 * and its first station: customers of that station show in full, the rest
 * of the county masked.
 */
export const DEMO_USERS: NewUser[] = [
  { username: 'admin', displayName: '系统管理员 Administrator', roles: ['ADMIN'], orgUnitCodes: ['ZJ'], password: DEMO_PASSWORD },
  { username: 'manager', displayName: '鄞州区经理 Yinzhou manager', roles: ['MANAGER'], orgUnitCodes: ['ZJ-NB-YZ', 'ZJ-NB-YZ-01'], password: DEMO_PASSWORD },
  { username: 'analyst', displayName: '数据分析员 Analyst', roles: ['ANALYST'], orgUnitCodes: ['ZJ'], password: DEMO_PASSWORD },
  { username: 'regulator', displayName: '能源监管办 Regulator', roles: ['REGULATOR'], orgUnitCodes: ['ZJ'], password: DEMO_PASSWORD },
  { username: 'agent', displayName: '95598 系统 Hotline system', roles: ['AGENT'], orgUnitCodes: ['ZJ'], password: DEMO_PASSWORD },
];

/** Creates the demo users that do not exist yet; returns the usernames created. */
export async function ensureDemoUsers(pool: pg.Pool): Promise<string[]> {
  const created: string[] = [];
  for (const user of DEMO_USERS) {
    if (await findUserByUsername(pool, user.username)) continue;
    await createUser(pool, user);
    created.push(user.username);
  }
  return created;
}
