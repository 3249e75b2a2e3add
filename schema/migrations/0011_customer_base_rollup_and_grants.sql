-- Up Migration
-- The customer base (fact_customer_month) summed by city × segment × month:
-- the per-10,000 denominator of every query that needs nothing below a city
-- (the management overview) reads some 30 rows a month instead of ~1,200.
-- Derived data, rebuilt whole by every rollup refresh (it is small).
CREATE TABLE rollup_customer_month (
  month            date    NOT NULL,
  org_unit_id      integer NOT NULL,  -- a city (or a unit above city level holding customers itself)
  segment          text    NOT NULL,
  active_customers bigint  NOT NULL,
  PRIMARY KEY (month, org_unit_id, segment)
);
INSERT INTO rollup_customer_month (month, org_unit_id, segment, active_customers)
SELECT m.month, coalesce(nullif(split_part(u.path, '/', 3), '')::int, u.org_unit_id), m.segment, sum(m.active_customers)
  FROM fact_customer_month m JOIN dim_org_unit u ON u.org_unit_id = m.org_unit_id
 GROUP BY 1, 2, 3;

-- Row-level security as on the other rollups (0010): a viewer reads the rows
-- of the org units in its scope. A city row lies outside a county's scope, so
-- scoped-below-city viewers are routed to fact_customer_month anyway.
ALTER TABLE rollup_customer_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY viewer_scope ON rollup_customer_month FOR SELECT TO clearline_viewer
  USING ((SELECT '/%' = ANY (coalesce(nullif(current_setting('clearline.viewer_scope', true), ''), '{}')::text[]))
         OR org_unit_id IN (SELECT u.org_unit_id FROM dim_org_unit u
                            WHERE u.path LIKE ANY (coalesce(nullif(current_setting('clearline.viewer_scope', true), ''), '{}')::text[])));

-- Import runs and quarantined rows (0008) are read by the import service on
-- its own connection, scoped there; never on a viewer's behalf.
REVOKE ALL ON import_run, import_quarantine FROM clearline_viewer;

-- Down Migration
GRANT SELECT ON import_run, import_quarantine TO clearline_viewer;
DROP TABLE rollup_customer_month;
