import { unzipSync, zipSync, type Zippable } from 'fflate';

/**
 * Zip entries carry a modification time (DOS date, local fields, no zone).
 * For byte-identical files we write the as-of point's UTC fields, whatever
 * the machine's time zone.
 */
function dosTime(asOf: Date): Date {
  return new Date(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate(), asOf.getUTCHours(), asOf.getUTCMinutes(), asOf.getUTCSeconds());
}

/** A zip of the given files, in the given order, every entry dated `asOf`: the same input gives the same bytes. */
export function deterministicZip(files: [name: string, content: Uint8Array][], asOf: Date): Buffer {
  const mtime = dosTime(asOf);
  const entries: Zippable = {};
  for (const [name, content] of files) entries[name] = [content, { mtime, level: 6 }];
  return Buffer.from(zipSync(entries));
}

/**
 * Re-packs a zip (an XLSX from exceljs, whose entries carry the time it was
 * written) with every entry dated `asOf`, keeping the entries' order and
 * dropping directory entries (Excel needs none).
 */
export function repackZip(zip: Uint8Array, asOf: Date): Buffer {
  const files = Object.entries(unzipSync(zip)).filter(([name]) => !name.endsWith('/'));
  return deterministicZip(files, asOf);
}
