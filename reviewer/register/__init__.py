"""The office's own records: numbering series for opinion letters (and, later, the
filing register of normative documents and the ledger of review cases), one SQLite store."""
