-- Up Migration
-- The version of the data KPIs read, for the KPI response cache
-- (server/metrics/kpi-cache.ts): one counter that every committed transaction
-- changing facts, dimensions, exemptions, targets or rollups moves by one.
-- Read once per request (one row by primary key). Why not max(loaded_at) or
-- rollup_state: loaded_at has no index (a scan of a million rows per
-- request) and misses deletes, and mutations change facts without touching
-- rollup_state.
--
-- How: a statement-level trigger on each of those tables notes its
-- transaction in data_change_mark (once per transaction); a deferred
-- constraint trigger on that row bumps the counter at COMMIT. So the counter
-- row is locked only for the instant of a commit (an hour-long import does
-- not block mutations behind it), and the new version is visible exactly
-- when the data is: a reader can never see a new version with old data.
CREATE TABLE data_version (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  version  bigint  NOT NULL
);
INSERT INTO data_version (only_row, version) VALUES (true, 0);

CREATE TABLE data_change_mark (
  xid bigint PRIMARY KEY
);

CREATE FUNCTION note_data_change() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  INSERT INTO data_change_mark (xid) VALUES (pg_current_xact_id()::text::bigint) ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  UPDATE data_version SET version = version + 1;
  DELETE FROM data_change_mark WHERE xid = NEW.xid;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER bump_data_version AFTER INSERT ON data_change_mark
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_data_version();

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'fact_complaint', 'fact_survey', 'fact_customer_month',
    'dim_date', 'dim_org_unit', 'dim_category', 'dim_channel', 'dim_customer', 'dim_customer_flag',
    'exemption_filing', 'exemption_filing_category', 'exemption_filing_complaint', 'kpi_target',
    'rollup_complaint_received_daily', 'rollup_complaint_resolved_daily', 'rollup_survey_daily', 'rollup_customer_month', 'rollup_state'
  ] LOOP
    EXECUTE format('CREATE TRIGGER note_data_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION note_data_change()', t);
  END LOOP;
END $$;

-- Down Migration
-- Every table the up migration gave the trigger (no second copy of the list).
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT tgrelid::regclass AS tbl FROM pg_trigger WHERE tgname = 'note_data_change' LOOP
    EXECUTE format('DROP TRIGGER note_data_change ON %s', r.tbl);
  END LOOP;
END $$;
DROP TABLE data_change_mark;
DROP FUNCTION bump_data_version();
DROP FUNCTION note_data_change();
DROP TABLE data_version;
