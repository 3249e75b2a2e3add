import 'reflect-metadata';
import './pg-types.ts';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { CONNECT_TIMEOUT_MS } from './database-unavailable.ts';
import { ALL_ENTITIES } from '../entities/index.ts';

/**
 * TypeORM over the star schema. The schema belongs to the SQL migrations in
 * schema/migrations: TypeORM never synchronizes or migrates it.
 */
export function createDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    poolSize: options.poolSize ?? 10,
    applicationName: 'clearline',
    // JIT compilation costs hundreds of milliseconds on KPI statements whose
    // estimates look large but which read small rollups; it rarely pays here.
    // Client: a connection attempt to a database that does not answer (host
    // down, network black hole) fails after CONNECT_TIMEOUT_MS instead of
    // hanging the request. Set on the client, not the pool: a pool-level
    // timeout would also fail requests merely queued behind busy connections.
    extra: { options: '-c jit=off', Client: BoundedConnectClient },
  });
}

class BoundedConnectClient extends pg.Client {
  constructor(config?: pg.ClientConfig) {
    super({ ...config, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  }
}
