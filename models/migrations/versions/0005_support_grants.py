"""Support grants as data: one row per fund paid to a tenant (issue 8 §7).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Literal constraint texts: a migration must not change when the models do.
    op.create_table(
        "supportgrant",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("fund_name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("fund_code", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("level", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("amount_10k_cny", sa.Float(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "level IN ('national', 'municipal', 'district')", name="ck_supportgrant_level"
        ),
        sa.CheckConstraint("amount_10k_cny >= 0", name="ck_supportgrant_amount"),
        sa.CheckConstraint("year >= 1949", name="ck_supportgrant_year"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenant.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("supportgrant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_supportgrant_tenant_id"), ["tenant_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("supportgrant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_supportgrant_tenant_id"))
    op.drop_table("supportgrant")
