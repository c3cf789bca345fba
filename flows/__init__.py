"""Prefect flows: thin wrappers over casework services.

Deadline sweeps and reminders; filled by the orchestration issue.
"""
