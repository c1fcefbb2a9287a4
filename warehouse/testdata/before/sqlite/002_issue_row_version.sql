-- The updated_at of the source row a set-aside issue was found in: a later pull
-- that re-reads the same, unchanged row at the watermark skips it instead of
-- recording it again.
ALTER TABLE data_issues ADD COLUMN row_updated_at TIMESTAMP;
