-- Up Migration
-- When the source system last changed a work order (the complaint import's
-- optional updated_at column). Files can arrive out of order: with it, an
-- older version of a work order never replaces a newer one already loaded.
-- NULL for work orders loaded without it (then the last load wins, as before).
ALTER TABLE fact_complaint ADD COLUMN source_updated_at timestamptz;

-- Down Migration
ALTER TABLE fact_complaint DROP COLUMN source_updated_at;
