-- Ids no warehouse can keep: an id holding a NUL or bytes that are not UTF-8.
-- Ingest now sets such a row aside under a key of the id's own bytes (the id
-- as shown and a copy 'id-' + its fingerprint) and finds it again on every
-- pull. Before, it listed the row under the id as shown alone — each NUL
-- written as the text \x00, such bytes as U+FFFD — which may be another row's
-- id or another such id's, and dropped the listing once the row was older
-- than the re-read window (a day). Two things are set right here, so that
-- each source row is loaded or listed exactly once.
--
-- The listings under the old key go: every set-aside entry of a row known by
-- its id alone (row_copy '') whose id was set aside for holding a NUL or
-- bytes that are not UTF-8, which only such an id is. Left, one could stay
-- for good beside the row's new listing: when a row whose id is that text,
-- set aside in a version of the same updated_at, finds it as its own. The
-- entries of such a row go too; it is listed again by the whole read below.
-- An id that is that text and loads keeps its warnings. The keys are
-- gathered in a derived table, DISTINCT, which MySQL reads whole before
-- deleting from the table it reads.
DELETE FROM data_issues
WHERE row_copy = '' AND severity = 'reject' AND (bureau, table_name, row_id) IN (
    SELECT bureau, table_name, row_id FROM (
        SELECT DISTINCT bureau, table_name, row_id FROM data_issues
        WHERE row_copy = '' AND severity = 'reject' AND column_name = 'id'
            AND (reason LIKE '%含 NUL 空字符%' OR reason LIKE '%含不符合 UTF-8 编码的字节%')
    ) AS old_keys
);

-- The watermarks go, so the next pull of each bureau reads every table whole
-- once, as a first pull does: it lists again the rows whose listing was
-- dropped, which nothing else would find again (no listing leads to them and
-- they are older than the watermark), and those whose listing went above.
-- The whole read changes nothing else: rows held unchanged are skipped, rows
-- set aside and listed in the same version are left as they are, and each
-- table's watermark is set again at the end of the pull.
DELETE FROM watermarks;
