-- 填报: bureaus without a database report through a workbook (see docs/upload.md).
--
-- upload_statements keeps every confirmed statement: the workbook as
-- uploaded, its SHA-256, who uploaded it and when. A unit's current statement
-- is its newest; ingest loads it as it pulls a bureau database.
CREATE TABLE upload_statements (
    id INTEGER PRIMARY KEY,
    unit TEXT NOT NULL,
    sha256 CHAR(64) NOT NULL,
    uploaded_by TEXT NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    file_name TEXT NOT NULL,
    workbook BLOB NOT NULL
);
CREATE INDEX upload_statements_unit ON upload_statements (unit, id);

-- The rows of a statement in the contract's shape: every column as text
-- (NULL for an empty cell) in a JSON array, updated_at and deleted included,
-- with the sheet and row number the clerk sees. Rows withdrawn by a later
-- statement stay in it withdrawn (deleted = 1), as a bureau database keeps them.
CREATE TABLE upload_rows (
    statement_id BIGINT NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    seq INTEGER NOT NULL,
    sheet TEXT NOT NULL,
    sheet_row INTEGER NOT NULL,
    row_values TEXT NOT NULL,
    PRIMARY KEY (statement_id, table_name, seq)
);

-- about_unit: the county a set-aside row speaks of when that is not the
-- bureau's own unit (a city's row about a county that reports by itself), so
-- that the county's data-quality list shows it too; '' otherwise.
ALTER TABLE data_issues ADD COLUMN about_unit TEXT NOT NULL DEFAULT '';
CREATE INDEX data_issues_about ON data_issues (about_unit);
