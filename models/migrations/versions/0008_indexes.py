"""Indexes found missing by the benchmark's index audit (issue 11 §1, issue 8 Performance).

``manage.py bench --only sql`` explains every statement the leadership pages send and
reports a full scan of a large table caused by a filter without an index. The one it
found: counting the tenants now in the district (``tenancy.end_on IS NULL``) read every
tenancy ever recorded.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_tenancy_end_on", "tenancy", ["end_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_tenancy_end_on", table_name="tenancy")
