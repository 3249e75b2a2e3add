import { Writable } from 'node:stream';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The server's structured log: one JSON object a line (pino). In development
 * the lines are reformatted into short human-readable ones (no extra
 * dependency; `npm start | npx pino-pretty` does it fully for JSON output).
 */
export function createLogger(options: { development: boolean; level?: string; destination?: DestinationStream }): Logger {
  const destination = options.destination ?? (options.development ? humanReadable(process.stdout) : pino.destination(1));
  return pino({ level: options.level ?? 'info', base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

const SHOWN_FIRST = ['time', 'level', 'msg'];
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** "10:41:02 INFO request POST /graphql op=Overview status=200 ms=123 …": one line per record. */
function humanReadable(out: NodeJS.WritableStream): DestinationStream {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          const record = JSON.parse(line) as Record<string, unknown>;
          const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
          const rest = Object.entries(record).filter(([key]) => !SHOWN_FIRST.includes(key)).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
          out.write(`${time} ${LEVELS[record.level as number] ?? record.level} ${record.msg ?? ''}${rest.length ? ` ${rest.join(' ')}` : ''}\n`);
        } catch {
          out.write(`${line}\n`);
        }
      }
      done();
    },
  });
}
