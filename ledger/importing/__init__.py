"""`ledger import`: a ledger (or new items of one) from an office's Excel 台账, its CSV, or a published notice."""
