"""casework/adapters."""
