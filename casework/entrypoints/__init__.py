"""casework/entrypoints."""
