import { KPI_CATALOGUE, type Anchor, type Part } from '../metrics/catalogue.ts';

// The additive parts each rollup table holds, derived from the catalogue: one
// column per distinct part, named after the first KPI that uses it. The
// tables themselves are plain SQL (schema/migrations/0005_rollups.sql); a test
// checks the two agree, so a new KPI part needs a migration.

export const ROLLUP_ANCHORS = ['received', 'resolved', 'survey'] as const;
export type RollupAnchor = (typeof ROLLUP_ANCHORS)[number];

export const ROLLUP_TABLES: Record<RollupAnchor, string> = {
  received: 'rollup_complaint_received_daily',
  resolved: 'rollup_complaint_resolved_daily',
  survey: 'rollup_survey_daily',
};

/** The customer base (fact_customer_month) by city × segment × month. */
export const CUSTOMER_BASE_ROLLUP = 'rollup_customer_month';

export type RollupColumn = { name: string; part: Part };

const snake = (code: string) => code.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
export const partSignature = (part: Part) => `${part.anchor}|${part.where}|${part.sum ?? ''}`;

function columnsOf(anchor: Anchor): RollupColumn[] {
  const columns: RollupColumn[] = [];
  const seen = new Set<string>();
  const add = (part: Part, name: string) => {
    if (part.anchor !== anchor || seen.has(partSignature(part))) return;
    seen.add(partSignature(part));
    columns.push({ name, part });
  };
  for (const kpi of KPI_CATALOGUE) {
    if (kpi.kind === 'additive') add(kpi.part, snake(kpi.code));
    if (kpi.kind === 'ratio') {
      add(kpi.numerator, `${snake(kpi.code)}_numerator`);
      if (kpi.denominator !== 'customerBase') add(kpi.denominator, `${snake(kpi.code)}_denominator`);
    }
  }
  return columns;
}

export const ROLLUP_COLUMNS: Record<RollupAnchor, RollupColumn[]> = {
  received: columnsOf('received'),
  resolved: columnsOf('resolved'),
  survey: columnsOf('survey'),
};

export function rollupColumnFor(part: Part): string | undefined {
  if (!(ROLLUP_ANCHORS as readonly string[]).includes(part.anchor)) return undefined;
  return ROLLUP_COLUMNS[part.anchor as RollupAnchor].find((c) => partSignature(c.part) === partSignature(part))?.name;
}
