"""Shared column helpers for the table modules."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone


def utcnow() -> datetime:
    """Timezone-aware now in UTC (SQLModel's UTCDateTime refuses naive datetimes)."""
    return datetime.now(UTC)


SHANGHAI = timezone(timedelta(hours=8), "CST")
"""China Standard Time (UTC+8, no daylight saving): what users read clocks in. A fixed
offset needs no time-zone database, which intranet machines may lack."""


def shanghai_today() -> date:
    """Today's date in Shanghai: the users' calendar day."""
    return utcnow().astimezone(SHANGHAI).date()


def shanghai_time(value: datetime) -> datetime:
    """A stored time (UTC; naive values are UTC too) as Shanghai wall-clock time."""
    aware = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return aware.astimezone(SHANGHAI)


def add_months(day: date, n: int) -> date:
    """First of the month ``n`` months after ``day``'s month."""
    m = day.year * 12 + day.month - 1 + n
    return date(m // 12, m % 12 + 1, 1)


def default_end_month(today: date | None = None) -> date:
    """The last complete month before ``today`` (reports describe finished months)."""
    return add_months((today or shanghai_today()).replace(day=1), -1)
