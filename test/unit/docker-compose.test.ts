import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PROJECT_ROOT } from '../../server/config.ts';

// Docker cannot run on the build machines: check the compose file's wiring instead.
type Service = {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
};

const compose = parse(readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  const { postgres, server } = compose.services;

  it('runs Postgres 16 with a health check', () => {
    expect(postgres?.image).toMatch(/^postgres:16(\.|$|-)/);
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
  });

  it('builds the server from the Dockerfile and wires DATABASE_URL to the postgres service', () => {
    expect(server?.build).toBe('.');
    const url = new URL(server!.environment!.DATABASE_URL!);
    const env = postgres!.environment!;
    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(env.POSTGRES_USER);
    expect(url.password).toBe(env.POSTGRES_PASSWORD);
    expect(url.pathname).toBe(`/${env.POSTGRES_DB}`);
  });

  it('starts the server once Postgres is healthy, and checks the server’s /healthz on its port', () => {
    expect(server?.depends_on?.postgres?.condition).toBe('service_healthy');
    const port = server!.environment!.PORT;
    expect(server?.ports).toContain(`${port}:${port}`);
    expect(server?.healthcheck?.test.join(' ')).toContain(`:${port}/healthz`);
  });

  it('takes the session-signing secret from the environment, refusing to start without it', () => {
    expect(server!.environment!.CLEARLINE_JWT_SECRET).toMatch(/^\$\{CLEARLINE_JWT_SECRET:\?.+\}$/);
  });

  it('has a Dockerfile that starts the server', () => {
    const dockerfile = readFileSync(path.join(PROJECT_ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/^FROM node:20/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^RUN npm run build:graphiql/m);
    expect(dockerfile).toMatch(/^CMD .*server\/main\.ts/m);
  });
});
