import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Request, Response } from 'express';

/**
 * Apollo Server on Express: the request handed to Apollo, its answer written
 * back. Our own adapter, in place of @as-integrations/express5 (the same few
 * lines, which Apollo documents for integrations), for one reason: a GraphQL
 * answer is one complete string, so it is compressed here in one call and
 * sent with its length. Through the compression middleware the same answer
 * went through Express's ETag hash (SHA-1 of the body), a zlib stream at
 * level 6 and chunked encoding: for a 60 KB answer, 0.5–0.65 ms more CPU per
 * request (Express alone, measured in session 6); for bench:api's 90 KB page,
 * gzip at level 6 alone costs 1.2 ms against 0.4 ms at level 1. The
 * compression middleware is not run for /graphql (server/http/app.ts).
 */
export function graphqlHttpHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (req: Request, res: Response) => Promise<TContext>,
): (req: Request, res: Response) => Promise<void> {
  server.assertStarted('graphqlHttpHandler()');
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const queryStart = req.url.indexOf('?');
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method.toUpperCase(), headers, search: queryStart < 0 ? '' : req.url.slice(queryStart), body: req.body },
      context: () => context(req, res),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') return void res.end(await encoded(req, res, response.body.string));
    // Incremental delivery (@defer/@stream) is not enabled; streamed as Apollo hands it over should it ever be.
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}

/** Answers smaller than this go as they are: compressing them saves less than it costs. */
const COMPRESS_FROM_BYTES = 1024;
/**
 * Answers up to this size are compressed on the event loop: at level 1 that
 * is ~0.13 ms for bench:api's 89 KB page (session 7's machine), less than
 * handing it to libuv's threadpool and back (side by side: 3–4 % faster
 * requests).
 * Larger ones (a 500-row page, a big KPI table) go to the threadpool, so
 * other requests go on meanwhile.
 */
export const GZIP_ON_LOOP_UP_TO_BYTES = 256 * 1024;
const gzip = promisify(zlib.gzip);
/** Level 1, nginx's default: a 90 KB page becomes 15 KB (12 KB at level 6) for a third of the CPU (0.4 against 1.2 ms on session 6's machine). */
const GZIP = { level: 1 };

async function encoded(req: Request, res: Response, body: string): Promise<Buffer> {
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length < COMPRESS_FROM_BYTES) return withLength(res, bytes);
  res.vary('Accept-Encoding');
  if (req.acceptsEncodings('gzip') !== 'gzip') return withLength(res, bytes);
  res.setHeader('Content-Encoding', 'gzip');
  return withLength(res, bytes.length <= GZIP_ON_LOOP_UP_TO_BYTES ? zlib.gzipSync(bytes, GZIP) : await gzip(bytes, GZIP));
}

function withLength(res: Response, bytes: Buffer): Buffer {
  res.setHeader('Content-Length', bytes.length);
  return bytes;
}
