"""Twenty editors at once, for ten seconds, in CI (issue 11 §2).

The short version of ``python -m tests.bench.load_editors`` (see its docstring for what
the editors do and what is checked). This asserts the invariants only, never a timing:
no unexpected error, no deadlock traceback reaching an editor, every accepted write in
the final state or superseded by a later accepted one (no lost update), the audit log's
replay equal to the stored rows, accepted writes equal to audit events editor by editor,
and the rules only a race could break still holding. PostgreSQL is the database this is
about (row locks, deadlocks); it skips without a server, and fails with ``CI=true``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from models.db import get_engine
from tests.bench.load_editors import Report, format_report, run

EDITORS = 20


def _assert_invariants(report: Report) -> None:
    summary = format_report(report)
    assert sum(report.errors.values()) == 0, summary
    assert report.deadlock_tracebacks == 0, summary
    assert report.log_problems == [], summary
    assert report.replay_problems == [], summary
    assert report.editor_mismatch == [], summary
    assert report.rule_problems == [], summary
    # The run did real work and the editors really fought over the same rows: without
    # conflicts the lost-update checks would prove nothing.
    assert sum(report.accepted.values()) >= 50, summary
    assert sum(report.conflicts.values()) >= 1, summary
    # Every attempt ended one way or another: accepted, or a conflict (then re-read),
    # or refused by a rule; nothing vanished.
    for op, attempts in report.attempts.items():
        ended = report.accepted.get(op, 0) + report.conflicts.get(op, 0)
        refused_after_attempt = attempts - ended
        assert 0 <= refused_after_attempt <= report.refused.get(op, 0), (op, summary)
    assert report.ok, summary


@pytest.mark.postgres
def test_twenty_editors_ten_seconds_on_postgres(pg_database_factory: Callable[[], str]) -> None:
    url = pg_database_factory()
    report = run(url, seconds=10, n_editors=EDITORS)
    print("\n" + format_report(report))
    _assert_invariants(report)
    get_engine(url).dispose()


def test_twenty_editors_on_sqlite(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'load.db'}"
    report = run(url, seconds=4, n_editors=EDITORS)
    print("\n" + format_report(report))
    _assert_invariants(report)
    get_engine(url).dispose()


def test_the_checks_catch_a_missing_version_guard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same run with the optimistic lock removed must fail the lost-update check.

    Without this, a verifier that could never fail would pass the tests above too.
    """
    from models.services import core, occupancy

    original = core.guarded_update

    def blind(session: Any, obj: Any, *, expected_version: int, **kwargs: Any) -> None:
        # Save against whatever is stored now, ignoring the version the editor read.
        original(session, obj, expected_version=obj.version, **kwargs)

    monkeypatch.setattr(core, "guarded_update", blind)
    monkeypatch.setattr(occupancy, "guarded_update", blind)
    url = f"sqlite:///{tmp_path / 'blind.db'}"
    report = run(url, seconds=3, n_editors=EDITORS)
    get_engine(url).dispose()
    assert not report.ok
    assert any("saved against version" in p for p in report.log_problems), format_report(report)
