"""Web sign-in: password hashes, API tokens, login attempts (issue 8).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Reserved so that three pieces of work can add their tables side by side; until its owner fills
it in, it changes nothing.
"""

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
