"""The schema revisions this version of casework knows, without importing SQLAlchemy or Alembic."""

#: The newest revision in ``migrations/versions``; bump it with every new revision.
HEAD = "0018"
#: Every released revision, oldest first; a database at one of these can be upgraded.
REVISIONS = (
    "0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008", "0009", "0010", "0011",
    "0013", "0016", "0017", "0018",
)  # fmt: skip
