"""The office's own records in one SQLite store (`store`: WAL, versioned schema, migrations
on open): numbering of opinion letters, the filing register of 行政规范性文件 (`documents`,
with its numbering `series` from rules/series.toml and tables in and out through `sheets`);
the ledger of review cases later."""
