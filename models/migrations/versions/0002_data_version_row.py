"""Create the data_version counter row, so concurrent first writes only ever UPDATE it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

appmeta = sa.table("appmeta", sa.column("key", sa.String), sa.column("value", sa.String))


def upgrade() -> None:
    conn = op.get_bind()
    exists = conn.execute(
        sa.select(sa.func.count()).select_from(appmeta).where(appmeta.c.key == "data_version")
    ).scalar()
    if not exists:
        op.bulk_insert(appmeta, [{"key": "data_version", "value": "0"}])


def downgrade() -> None:
    op.execute(appmeta.delete().where(appmeta.c.key == "data_version"))
