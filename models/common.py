"""Shared column helpers for the table modules."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    """Timezone-aware now in UTC (SQLModel's UTCDateTime refuses naive datetimes)."""
    return datetime.now(UTC)
