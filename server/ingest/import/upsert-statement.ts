/**
 * INSERT … ON CONFLICT DO UPDATE for a batch passed as one JSON parameter
 * (jsonb_to_recordset), updating only rows whose values differ, so loading
 * the same data again changes nothing (no row rewritten, no loaded_at moved).
 * RETURNING yields only inserted and updated rows; `inserted` tells which.
 */
export function upsertStatement(options: {
  table: string;
  columns: readonly (readonly [name: string, type: string])[];
  conflict: readonly string[];
  returning: string;
  /** Extra assignments on update, e.g. loaded_at = now(). */
  onUpdate?: string;
  /**
   * A source-version column (e.g. the source's last-changed time): a row
   * older than the stored one leaves it as it is. Compared only when both
   * rows carry it.
   */
  keepNewer?: string;
}): string {
  const names = options.columns.map(([name]) => name);
  const updatable = names.filter((n) => !options.conflict.includes(n));
  const t = options.table;
  return `INSERT INTO ${t} AS t (${names.join(', ')})
SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${options.columns.map(([n, type]) => `${n} ${type}`).join(', ')})
ON CONFLICT (${options.conflict.join(', ')}) DO UPDATE
   SET ${[...updatable.map((n) => `${n} = EXCLUDED.${n}`), ...(options.onUpdate ? [options.onUpdate] : [])].join(', ')}
 WHERE (${updatable.map((n) => `t.${n}`).join(', ')}) IS DISTINCT FROM (${updatable.map((n) => `EXCLUDED.${n}`).join(', ')})${
   options.keepNewer ? `\n   AND NOT coalesce(EXCLUDED.${options.keepNewer} < t.${options.keepNewer}, false)` : ''}
RETURNING ${options.returning}, (t.xmax = 0) AS inserted`;
}
