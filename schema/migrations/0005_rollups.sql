-- Up Migration
-- Daily rollups of the additive KPI parts (server/rollups): one row per day ×
-- station × category × channel × segment × exempt-or-not, one column per part
-- of the KPI catalogue (the same row conditions, evaluated in raw form; the
-- assessed view sums the rows WHERE NOT exempt). Percentiles, backlog and
-- special-flag breakdowns are always computed from the facts. The column list
-- is checked against server/rollups/rollup-columns.ts by a test.

CREATE TABLE rollup_complaint_received_daily (
  received_date date NOT NULL REFERENCES dim_date (date_key),
  org_unit_id integer NOT NULL REFERENCES dim_org_unit (org_unit_id),
  category_id integer NOT NULL REFERENCES dim_category (category_id),
  channel_id smallint NOT NULL REFERENCES dim_channel (channel_id),
  segment text NOT NULL,
  exempt boolean NOT NULL,
  complaints bigint NOT NULL,
  repeat_complaints bigint NOT NULL,
  escalated_complaints bigint NOT NULL,
  exempt_complaints bigint NOT NULL
);
CREATE UNIQUE INDEX rollup_complaint_received_daily_key ON rollup_complaint_received_daily (received_date, org_unit_id, category_id, channel_id, segment, exempt) NULLS NOT DISTINCT;

CREATE TABLE rollup_complaint_resolved_daily (
  resolved_date date NOT NULL REFERENCES dim_date (date_key),
  org_unit_id integer NOT NULL REFERENCES dim_org_unit (org_unit_id),
  category_id integer NOT NULL REFERENCES dim_category (category_id),
  channel_id smallint NOT NULL REFERENCES dim_channel (channel_id),
  segment text NOT NULL,
  exempt boolean NOT NULL,
  resolved_complaints bigint NOT NULL,
  mean_resolution_hours_numerator numeric NOT NULL,
  mean_resolution_business_hours_numerator numeric NOT NULL,
  sla_compliance_rate_numerator bigint NOT NULL,
  first_contact_resolution_rate_numerator bigint NOT NULL,
  reopen_rate_numerator bigint NOT NULL,
  upheld_rate_numerator bigint NOT NULL,
  resolved_within3_business_days bigint NOT NULL,
  resolved_within4_weeks bigint NOT NULL,
  resolved_in4_to8_weeks bigint NOT NULL,
  resolved_after8_weeks bigint NOT NULL,
  redress_paid numeric NOT NULL
);
CREATE UNIQUE INDEX rollup_complaint_resolved_daily_key ON rollup_complaint_resolved_daily (resolved_date, org_unit_id, category_id, channel_id, segment, exempt) NULLS NOT DISTINCT;

CREATE TABLE rollup_survey_daily (
  survey_date date NOT NULL REFERENCES dim_date (date_key),
  org_unit_id integer NOT NULL REFERENCES dim_org_unit (org_unit_id),
  category_id integer REFERENCES dim_category (category_id),
  channel_id smallint NOT NULL REFERENCES dim_channel (channel_id),
  segment text NOT NULL,
  exempt boolean NOT NULL,
  surveys bigint NOT NULL,
  survey_responses bigint NOT NULL,
  satisfaction_rate_numerator bigint NOT NULL,
  mean_satisfaction_score_numerator numeric NOT NULL,
  dissatisfied_follow_ups bigint NOT NULL,
  attitude_satisfaction_rate_numerator bigint NOT NULL,
  attitude_satisfaction_rate_denominator bigint NOT NULL,
  speed_satisfaction_rate_numerator bigint NOT NULL,
  speed_satisfaction_rate_denominator bigint NOT NULL,
  outcome_satisfaction_rate_numerator bigint NOT NULL,
  outcome_satisfaction_rate_denominator bigint NOT NULL
);
CREATE UNIQUE INDEX rollup_survey_daily_key ON rollup_survey_daily (survey_date, org_unit_id, category_id, channel_id, segment, exempt) NULLS NOT DISTINCT;

-- When each rollup was last rebuilt, and up to when its facts were loaded.
CREATE TABLE rollup_state (
  rollup        text        PRIMARY KEY,
  refreshed_at  timestamptz NOT NULL,
  data_as_of    timestamptz
);

-- Down Migration
DROP TABLE rollup_state;
DROP TABLE rollup_survey_daily;
DROP TABLE rollup_complaint_resolved_daily;
DROP TABLE rollup_complaint_received_daily;

