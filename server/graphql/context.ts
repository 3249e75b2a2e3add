import type { DataSource } from 'typeorm';
import { NO_REQUEST_SECURITY, type RequestSecurity } from '../auth/request-security.ts';
import type { Viewer } from '../auth/viewer.ts';
import { createLoaders, type Loaders } from './loaders.ts';
import type { ReferenceData } from './reference-data.ts';

/**
 * What every resolver receives: who is asking, the database, and this
 * request's DataLoaders (created per request, so caching never crosses
 * viewers or requests).
 */
export type GraphQLContext = {
  viewer: Viewer;
  db: DataSource;
  /** Org units, categories and channels, cached per process. */
  reference: ReferenceData;
  loaders: Loaders;
  /** One clock per request, so "overdue" means the same in every row. */
  now: Date;
  /** The utility's time zone (CLEARLINE_TIME_ZONE). */
  timeZone: string;
  /** What each kpis field of the request read, for the response's extensions. */
  kpiReports: { path: string; sources: Record<string, string>; asOf: string | null }[];
  /** The request's credentials beyond the viewer: why there is no viewer, where it comes from, sign-in services. */
  security: RequestSecurity;
};

export function createContext(db: DataSource, reference: ReferenceData, viewer: Viewer, timeZone = 'Asia/Shanghai', security: RequestSecurity = NO_REQUEST_SECURITY): GraphQLContext {
  return { viewer, db, reference, loaders: createLoaders(db, viewer, reference), now: new Date(), timeZone, kpiReports: [], security };
}
