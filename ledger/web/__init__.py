"""`ledger serve`: the ledger in a browser on the clerk's own computer (SPEC 3.11)."""
