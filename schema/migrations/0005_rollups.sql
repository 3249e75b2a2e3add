-- Up Migration
-- Daily rollups of the additive KPI parts (server/rollups). Each table holds,
-- per day and exempt-or-not, three small "shapes" of the same facts:
--   STATION               by service station;
--   CITY_CATEGORY         by city × level-2 category;
--   CITY_CHANNEL_SEGMENT  by city × channel × customer segment;
-- (columns a shape does not keep are NULL), by DAY and, summed from those, by
-- MONTH (rows dated the 1st). A KPI query reads the smallest
-- shape that holds its dimensions and filters, else the facts. One column per
-- part of the KPI catalogue, stored raw; the assessed view sums the rows
-- WHERE NOT exempt. Percentiles, backlog and special flags always read the
-- facts. Derived data: no foreign keys, rebuilt by the refresh. The column
-- list is checked against server/rollups/rollup-columns.ts by a test.

CREATE TABLE rollup_complaint_received_daily (
  shape text NOT NULL CHECK (shape IN ('STATION', 'CITY_CATEGORY', 'CITY_CHANNEL_SEGMENT')),
  period text NOT NULL CHECK (period IN ('DAY', 'MONTH')),
  received_date date NOT NULL,
  org_unit_id integer NOT NULL,
  category_id integer,
  channel_id smallint,
  segment text,
  exempt boolean NOT NULL,
  complaints bigint NOT NULL,
  repeat_complaints bigint NOT NULL,
  escalated_complaints bigint NOT NULL,
  exempt_complaints bigint NOT NULL
);
CREATE INDEX rollup_complaint_received_daily_day ON rollup_complaint_received_daily (shape, period, received_date);

CREATE TABLE rollup_complaint_resolved_daily (
  shape text NOT NULL CHECK (shape IN ('STATION', 'CITY_CATEGORY', 'CITY_CHANNEL_SEGMENT')),
  period text NOT NULL CHECK (period IN ('DAY', 'MONTH')),
  resolved_date date NOT NULL,
  org_unit_id integer NOT NULL,
  category_id integer,
  channel_id smallint,
  segment text,
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
CREATE INDEX rollup_complaint_resolved_daily_day ON rollup_complaint_resolved_daily (shape, period, resolved_date);

CREATE TABLE rollup_survey_daily (
  shape text NOT NULL CHECK (shape IN ('STATION', 'CITY_CATEGORY', 'CITY_CHANNEL_SEGMENT')),
  period text NOT NULL CHECK (period IN ('DAY', 'MONTH')),
  survey_date date NOT NULL,
  org_unit_id integer NOT NULL,
  category_id integer,
  channel_id smallint,
  segment text,
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
CREATE INDEX rollup_survey_daily_day ON rollup_survey_daily (shape, period, survey_date);

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

