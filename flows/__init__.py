"""Prefect flows: thin wrappers over casework services (deadline sweeps, reminders; filled by the orchestration issue)."""
