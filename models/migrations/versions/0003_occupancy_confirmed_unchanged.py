"""Occupancy reports say whether the manager filed them as "same as last month".

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing reports were entered figure by figure (or seeded): not confirmations.
    with op.batch_alter_table("occupancyreport", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "confirmed_unchanged",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("occupancyreport", schema=None) as batch_op:
        batch_op.drop_column("confirmed_unchanged")
