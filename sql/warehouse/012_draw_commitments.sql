-- The seed commitments of the province's draws (随机抽查): a month's seed's
-- SHA-256, stored and published before the draw. The seed itself is never
-- stored here before the draw — the operator keeps it and gives it at the
-- draw, which refuses a seed that does not hash to the month's digest — so
-- whoever reads the warehouse cannot learn the counties in advance.
CREATE TABLE draw_commitments (
    month {{varchar 7}} NOT NULL PRIMARY KEY,
    digest CHAR(64) NOT NULL,
    committed_at {{timestamp}} NOT NULL,
    committed_by {{varchar 255}} NOT NULL,
    process {{varchar 255}} NOT NULL
){{tableOptions}};
