"""The commands, one module for each part of SPEC's command table; `ledger.cli` imports them in its order."""
