-- Up Migration
-- The customer's segment, as it was when the complaint was received (or the
-- survey made), kept on the fact: KPIs by segment then read one table instead
-- of joining every complaint to its customer, and a customer who changes
-- segment keeps its history where it was (as fact_customer_month does).
ALTER TABLE fact_complaint ADD COLUMN customer_segment text;
UPDATE fact_complaint c SET customer_segment = cu.segment FROM dim_customer cu WHERE cu.customer_id = c.customer_id;
ALTER TABLE fact_complaint ALTER COLUMN customer_segment SET NOT NULL,
  ADD CONSTRAINT fact_complaint_customer_segment_check CHECK (customer_segment IN ('RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'LARGE_ACCOUNT'));

ALTER TABLE fact_survey ADD COLUMN customer_segment text;
UPDATE fact_survey s SET customer_segment = cu.segment FROM dim_customer cu WHERE cu.customer_id = s.customer_id;
ALTER TABLE fact_survey ALTER COLUMN customer_segment SET NOT NULL,
  ADD CONSTRAINT fact_survey_customer_segment_check CHECK (customer_segment IN ('RESIDENTIAL', 'COMMERCIAL', 'INDUSTRIAL', 'LARGE_ACCOUNT'));

-- Down Migration
ALTER TABLE fact_survey DROP COLUMN customer_segment;
ALTER TABLE fact_complaint DROP COLUMN customer_segment;
