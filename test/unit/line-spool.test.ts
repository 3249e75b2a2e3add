import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineSpool } from '../../seeds/line-spool.ts';

describe('LineSpool (demo surveys kept for a later pass)', () => {
  const lines = Array.from({ length: 1000 }, (_, i) => `${i}\t客户${i}\tscore ${i % 5}\n`);

  it('gives every line back in order, from memory and from its spill file, as often as asked', () => {
    // 100 characters in memory at most and 7-byte reads: lines and multi-byte characters straddle reads.
    const spool = new LineSpool(100, 7);
    for (const line of lines) spool.push(line);
    expect(spool.length).toBe(1000);
    expect([...spool]).toEqual(lines);
    expect([...spool]).toEqual(lines);
    const file = (spool as unknown as { file: { path: string } }).file.path;
    expect(existsSync(file)).toBe(true);
    spool.discard();
    expect(existsSync(file)).toBe(false);
  });

  it('keeps small amounts in memory only', () => {
    const spool = new LineSpool();
    for (const line of lines) spool.push(line);
    expect([...spool]).toEqual(lines);
    expect((spool as unknown as { file?: unknown }).file).toBeUndefined();
  });
});
