-- 填报: bureaus without a database report through a workbook (see docs/upload.md).
--
-- upload_statements keeps every confirmed statement: the workbook as
-- uploaded, its SHA-256, who uploaded it and when. A unit's current statement
-- is its newest; ingest loads it as it pulls a bureau database.
CREATE TABLE upload_statements (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    unit VARCHAR(6) NOT NULL,
    sha256 CHAR(64) NOT NULL,
    uploaded_by VARCHAR(64) NOT NULL,
    uploaded_at DATETIME(6) NOT NULL,
    file_name LONGTEXT NOT NULL,
    workbook LONGBLOB NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX upload_statements_unit ON upload_statements (unit, id);

-- The rows of a statement in the contract's shape: every column as text
-- (NULL for an empty cell) in a JSON array, updated_at and deleted included,
-- with the sheet and row number the clerk sees. Rows withdrawn by a later
-- statement stay in it withdrawn (deleted = 1), as a bureau database keeps them.
CREATE TABLE upload_rows (
    statement_id BIGINT NOT NULL,
    table_name VARCHAR(32) NOT NULL,
    seq INTEGER NOT NULL,
    sheet LONGTEXT NOT NULL,
    sheet_row INTEGER NOT NULL,
    row_values LONGTEXT NOT NULL,
    PRIMARY KEY (statement_id, table_name, seq)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- about_unit: the county a set-aside row speaks of when that is not the
-- bureau's own unit (a city's row about a county that reports by itself), so
-- that the county's data-quality list shows it too; '' otherwise.
ALTER TABLE data_issues ADD COLUMN about_unit VARCHAR(6) NOT NULL DEFAULT '';
CREATE INDEX data_issues_about ON data_issues (about_unit);
