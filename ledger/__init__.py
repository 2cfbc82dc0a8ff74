"""Keep an inspection-rectification ledger (整改台账) as YAML files and render its notice."""

__version__ = "0.1.0"
