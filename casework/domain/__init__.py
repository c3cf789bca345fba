"""casework/domain."""
