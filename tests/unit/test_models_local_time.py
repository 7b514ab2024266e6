"""Times shown to users are Shanghai wall-clock times (UTC+8), whatever the server's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

from models.common import shanghai_time
from models.display import value_text
from models.services.core import _fmt_time


def test_stored_utc_times_read_as_shanghai_time() -> None:
    stored = datetime(2026, 11, 27, 18, 30, tzinfo=UTC)  # 02:30 next day in Shanghai
    assert shanghai_time(stored).strftime("%Y-%m-%d %H:%M") == "2026-11-28 02:30"
    # SQLite hands some drivers naive values: they are UTC too.
    naive = datetime(2026, 11, 27, 18, 30)
    assert shanghai_time(naive).date() == date(2026, 11, 28)


def test_conflict_messages_and_audit_values_use_shanghai_time() -> None:
    stored = datetime(2026, 11, 28, 6, 12, tzinfo=UTC)
    assert _fmt_time(stored) == "2026-11-28 14:12"
    assert value_text(stored, "zh") == "2026-11-28 14:12"
