"""Everything a template touches: the context, the sandbox, escaping and template files."""
