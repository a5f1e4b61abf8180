"""Rules: schema, loading, check kinds, running them over a document."""
