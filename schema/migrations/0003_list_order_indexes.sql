-- Up Migration
-- Keyset pages of the entity lists (GraphQL `complaints`, `surveys`) read
-- these indexes in order, newest first by default, instead of sorting the
-- whole fact table for every page.
CREATE INDEX fact_complaint_received_at_idx ON fact_complaint (received_at, complaint_id);
CREATE INDEX fact_complaint_sla_due_idx ON fact_complaint (sla_due_at, complaint_id);
CREATE INDEX fact_survey_surveyed_at_idx ON fact_survey (surveyed_at, survey_id);

-- Down Migration
DROP INDEX fact_survey_surveyed_at_idx;
DROP INDEX fact_complaint_sla_due_idx;
DROP INDEX fact_complaint_received_at_idx;
