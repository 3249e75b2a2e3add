import type { Server } from 'node:http';
import type { Express } from 'express';
import { StartupError } from '../startup-error.ts';

/** Binds the port, turning "address in use" and "permission denied" into one clear line. */
export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new StartupError(`Port ${port} is already in use: stop the process using it, or start Clearline on another port with PORT=<number>.`));
      } else if (error.code === 'EACCES') {
        reject(new StartupError(`Not allowed to listen on port ${port}: use a port above 1024 with PORT=<number>.`));
      } else {
        reject(new StartupError(`Cannot listen on ${host}:${port}: ${error.message}`));
      }
    });
  });
}
