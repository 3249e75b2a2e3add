import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import compression from 'compression';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardRouter } from '../../server/http/dashboard-static.ts';

// The dashboard's scripts go out as the build gzipped them, not compressed again on each request.
const SCRIPT = `export const answer = ${'42 + '.repeat(200)}0;\n`;
let dist: string;
let base: string;
let close: () => void;

beforeAll(async () => {
  dist = await mkdtemp(path.join(os.tmpdir(), 'clearline-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Clearline</title>');
  await writeFile(path.join(dist, 'assets', 'app-Ab1.js'), SCRIPT);
  // Marked, so the test can tell the build's copy from one compressed on the fly.
  await writeFile(path.join(dist, 'assets', 'app-Ab1.js.gz'), gzipSync(`${SCRIPT}// prebuilt\n`));
  await writeFile(path.join(dist, 'assets', 'plain-Cd2.js'), SCRIPT);
  const app = express();
  app.use(compression({ threshold: 0 }));
  app.use(dashboardRouter(dist));
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});

afterAll(async () => {
  close();
  await rm(dist, { recursive: true, force: true });
});

async function get(pathname: string, encoding: string): Promise<{ status: number; encoding: string | null; type: string | null; cache: string | null; body: string }> {
  // node:http rather than fetch, which would decompress by itself.
  const http = await import('node:http');
  return new Promise((resolve, reject) => {
    http.get(`${base}${pathname}`, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const gzipped = res.headers['content-encoding'] === 'gzip';
        resolve({ status: res.statusCode ?? 0, encoding: res.headers['content-encoding'] ?? null, type: res.headers['content-type'] ?? null, cache: res.headers['cache-control'] ?? null, body: (gzipped ? gunzipSync(raw) : raw).toString() });
      });
    }).on('error', reject);
  });
}

describe('dashboard assets', () => {
  it('sends the build\'s gzipped copy to a browser that takes gzip, with the script\'s type and a long cache', async () => {
    const response = await get('/assets/app-Ab1.js', 'gzip, deflate, br');
    expect(response).toMatchObject({ status: 200, encoding: 'gzip', cache: 'public, max-age=31536000, immutable' });
    expect(response.type).toMatch(/^text\/javascript/);
    expect(response.body).toBe(`${SCRIPT}// prebuilt\n`);
  });

  it('sends the file itself to a client that does not take gzip, and compresses files without a copy as before', async () => {
    expect(await get('/assets/app-Ab1.js', 'identity')).toMatchObject({ status: 200, encoding: null, body: SCRIPT });
    const plain = await get('/assets/plain-Cd2.js', 'gzip');
    expect(plain.body).toBe(SCRIPT);
    expect(plain.status).toBe(200);
  });

  it('serves nothing outside the assets folder', async () => {
    // Refused by the static files' own check (403) once the gzipped copies' route has let them pass.
    expect((await get('/assets/..%2Findex.html', 'gzip')).status).toBe(403);
    expect((await get('/assets/..%2F..%2Fetc%2Fpasswd.js', 'gzip')).status).toBe(403);
    expect((await get('/assets/missing-Zz9.js', 'gzip')).status).toBe(404);
  });
});
