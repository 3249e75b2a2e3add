import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Lines produced in one pass but consumed in a later one (the demo surveys
 * are drawn while their complaints are), kept in memory up to a bound and
 * spilled to a temporary file past it: at 10M complaints the 12M survey
 * lines would not fit in the heap. Iterating gives the lines in the order
 * pushed, as often as wanted; `discard()` removes the file.
 */
export class LineSpool implements Iterable<string> {
  private memory: string[] = [];
  private memoryChars = 0;
  private file: { dir: string; path: string; fd: number } | undefined;
  private lines = 0;

  constructor(private readonly maxMemoryChars = 32 * 1024 * 1024, private readonly readBytes = 8 * 1024 * 1024) {}

  get length(): number {
    return this.lines;
  }

  /** Adds one line, ending in '\n'. */
  push(line: string): void {
    this.memory.push(line);
    this.memoryChars += line.length;
    this.lines++;
    if (this.memoryChars >= this.maxMemoryChars) this.spill();
  }

  *[Symbol.iterator](): Iterator<string> {
    if (this.file) yield* linesOfFile(this.file.fd, this.readBytes);
    yield* this.memory;
  }

  discard(): void {
    if (!this.file) return;
    closeSync(this.file.fd);
    rmSync(this.file.dir, { recursive: true, force: true });
    this.file = undefined;
  }

  private spill(): void {
    if (!this.file) {
      const dir = mkdtempSync(join(tmpdir(), 'clearline-spool-'));
      const path = join(dir, 'lines');
      this.file = { dir, path, fd: openSync(path, 'w+') };
    }
    writeSync(this.file.fd, this.memory.join(''));
    this.memory = [];
    this.memoryChars = 0;
  }
}

/** The lines of a spool file, read from its start in large chunks (a line may straddle two). */
function* linesOfFile(fd: number, readBytes: number): Generator<string> {
  const buffer = Buffer.allocUnsafe(readBytes);
  const decoder = new TextDecoder('utf-8');
  let position = 0;
  let rest = '';
  for (;;) {
    const read = readSync(fd, buffer, 0, readBytes, position);
    if (read === 0) break;
    position += read;
    const text = rest + decoder.decode(buffer.subarray(0, read), { stream: true });
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      yield text.slice(start, end + 1);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.decode();
  if (rest) yield rest;
}
