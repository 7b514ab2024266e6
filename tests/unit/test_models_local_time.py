"""Times shown to users are Shanghai wall-clock times (UTC+8), whatever the server's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from models import common
from models.common import shanghai_time
from models.display import value_text
from models.services.core import format_shanghai_time


def test_stored_utc_times_read_as_shanghai_time() -> None:
    stored = datetime(2026, 11, 27, 18, 30, tzinfo=UTC)  # 02:30 next day in Shanghai
    assert shanghai_time(stored).strftime("%Y-%m-%d %H:%M") == "2026-11-28 02:30"
    # SQLite hands some drivers naive values: they are UTC too.
    naive = datetime(2026, 11, 27, 18, 30)
    assert shanghai_time(naive).date() == date(2026, 11, 28)


def test_conflict_messages_and_audit_values_use_shanghai_time() -> None:
    stored = datetime(2026, 11, 28, 6, 12, tzinfo=UTC)
    assert format_shanghai_time(stored) == "2026-11-28 14:12"
    assert value_text(stored, "zh") == "2026-11-28 14:12"


def test_the_reporting_month_turns_over_at_shanghai_midnight(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """At 00:30 on 1 December in Shanghai it is still 30 November in UTC.

    A manager filing at that hour expects November to be the month to report, not
    October: the default month follows the users' calendar, not the server's clock.
    """
    monkeypatch.setattr(common, "utcnow", lambda: datetime(2026, 11, 30, 16, 30, tzinfo=UTC))
    assert common.shanghai_today() == date(2026, 12, 1)
    assert common.default_end_month() == date(2026, 11, 1)
    monkeypatch.setattr(common, "utcnow", lambda: datetime(2026, 11, 30, 15, 30, tzinfo=UTC))
    assert common.default_end_month() == date(2026, 10, 1)
