"""casework/services."""
