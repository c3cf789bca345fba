"""Authentication adapters for the web app (issue 8): password hashing with argon2.

The stored accounts and API tokens live in ``casework.adapters.sql.accounts``; this package holds
what does not touch the database, so the hashing can be tested and tuned on its own.
"""
