import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';

/**
 * How a utility's own export maps onto Clearline's columns, so files load
 * as exported (docs/IMPORT.md):
 *   columns:  canonical column → the header in the file   ("received_at": "受理时间")
 *   values:   canonical column → { value in the file: Clearline's code }
 *   defaults: canonical column → value used when the file has no such column or the cell is empty
 *   encoding: "utf-8" | "gb18030" (GBK is a subset), when detection should not guess
 */
export type ImportMapping = {
  columns: Record<string, string>;
  values: Record<string, Record<string, string>>;
  defaults: Record<string, string>;
  encoding?: FileEncoding;
};

export const FILE_ENCODINGS = ['utf-8', 'gb18030'] as const;
export type FileEncoding = (typeof FILE_ENCODINGS)[number];

export const EMPTY_MAPPING: ImportMapping = { columns: {}, values: {}, defaults: {} };

export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

/** GBK and GB2312 files decode as GB18030, their superset. */
export function normalizeEncoding(name: string): FileEncoding {
  const n = name.trim().toLowerCase().replace(/_/g, '-');
  if (n === 'utf-8' || n === 'utf8') return 'utf-8';
  if (['gbk', 'gb2312', 'gb18030', 'cp936'].includes(n)) return 'gb18030';
  throw new MappingError(`unknown encoding "${name}": use utf-8, gbk or gb18030`);
}

export async function readMappingFile(path: string): Promise<ImportMapping> {
  const text = await readFile(path, 'utf8');
  let parsed: unknown;
  try {
    parsed = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new MappingError(`mapping file ${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  return parseMapping(parsed, path);
}

/** A mapping sent as JSON text (an upload's query string, a GraphQL argument). */
export function parseMappingJson(text: string, where = 'mapping'): ImportMapping {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new MappingError(`${where}: not valid JSON (${(error as Error).message})`);
  }
  return parseMapping(parsed, where);
}

export function parseMapping(value: unknown, where = 'mapping'): ImportMapping {
  if (!isRecord(value)) throw new MappingError(`${where}: expected an object with columns, values, defaults`);
  const unknownKeys = Object.keys(value).filter((k) => !['columns', 'values', 'defaults', 'encoding'].includes(k));
  if (unknownKeys.length) throw new MappingError(`${where}: unknown key(s) ${unknownKeys.join(', ')} (allowed: columns, values, defaults, encoding)`);
  const strings = (v: unknown, name: string): Record<string, string> => {
    if (v === undefined) return {};
    if (!isRecord(v)) throw new MappingError(`${where}: ${name} must be an object of strings`);
    for (const [k, s] of Object.entries(v)) {
      if (typeof s !== 'string' && typeof s !== 'number') throw new MappingError(`${where}: ${name}.${k} must be a string`);
    }
    return Object.fromEntries(Object.entries(v).map(([k, s]) => [k, String(s)]));
  };
  const values: Record<string, Record<string, string>> = {};
  if (value.values !== undefined) {
    if (!isRecord(value.values)) throw new MappingError(`${where}: values must be an object of objects`);
    for (const [field, table] of Object.entries(value.values)) values[field] = strings(table, `values.${field}`);
  }
  return {
    columns: strings(value.columns, 'columns'),
    values,
    defaults: strings(value.defaults, 'defaults'),
    ...(value.encoding !== undefined ? { encoding: normalizeEncoding(String(value.encoding)) } : {}),
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
