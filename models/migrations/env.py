"""Alembic environment: runs migrations on a given connection or the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from models.tables import metadata

config = context.config


def run_migrations() -> None:
    """Online migrations only: we always have a database to talk to."""
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        context.configure(
            connection=conn,
            target_metadata=metadata,
            render_as_batch=conn.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
