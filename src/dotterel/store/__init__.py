"""Storage of coded documents: an embedded DuckDB database."""
