"""The review ledger (审查台账): every review as a case with working-day deadlines, and the
year's statistics, on the office's one store (reviewer/register/store.py, schema v5)."""
