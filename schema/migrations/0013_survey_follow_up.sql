-- Up Migration
-- A dissatisfied answer (score ≤ 2) must be followed up: someone calls the
-- customer back. The follow-up is an event of its own (the survey fact stays
-- as it was), one per survey: who closed it, when, how, and a note.
CREATE TABLE survey_follow_up (
  survey_id        bigint      PRIMARY KEY REFERENCES fact_survey (survey_id),
  followed_up_at   timestamptz NOT NULL,
  followed_up_by   text        NOT NULL,
  outcome          text        NOT NULL CHECK (outcome IN ('RESOLVED', 'EXPLAINED', 'ESCALATED', 'CUSTOMER_UNREACHABLE')),
  note             text        NOT NULL DEFAULT ''
);

-- A viewer reads a follow-up only when it may read the survey (fact_survey's
-- own policy applies inside the EXISTS).
ALTER TABLE survey_follow_up ENABLE ROW LEVEL SECURITY;
CREATE POLICY viewer_scope ON survey_follow_up FOR SELECT TO clearline_viewer
  USING (EXISTS (SELECT 1 FROM fact_survey s WHERE s.survey_id = survey_follow_up.survey_id));

-- Down Migration
DROP TABLE survey_follow_up;
