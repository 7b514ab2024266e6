"""Shared column helpers for the table modules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta


def utcnow() -> datetime:
    """Timezone-aware now in UTC (SQLModel's UTCDateTime refuses naive datetimes)."""
    return datetime.now(UTC)


def shanghai_today() -> date:
    """Today's date in Shanghai (UTC+8, no daylight saving): the users' calendar day."""
    return (utcnow() + timedelta(hours=8)).date()


def add_months(day: date, n: int) -> date:
    """First of the month ``n`` months after ``day``'s month."""
    m = day.year * 12 + day.month - 1 + n
    return date(m // 12, m % 12 + 1, 1)


def default_end_month(today: date | None = None) -> date:
    """The last complete month before ``today`` (reports describe finished months)."""
    return add_months((today or date.today()).replace(day=1), -1)
