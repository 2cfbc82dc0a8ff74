"""Everything read from git: earlier versions of a ledger, and rounds of many units."""
