import 'reflect-metadata';
import './pg-types.ts';
import { DataSource } from 'typeorm';
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
    extra: { options: '-c jit=off' },
  });
}
