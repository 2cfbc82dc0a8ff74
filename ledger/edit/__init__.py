"""Everything that writes a ledger's files: the surgical YAML editor and the commands' edits."""
