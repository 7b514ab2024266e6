"""A missing PostgreSQL or Chromium skips a local run but fails a CI run (CI=true)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci_gate import in_ci, missing_prerequisite

ROOT = Path(__file__).resolve().parents[2]
PG_TEST = "tests/unit/test_models_concurrency.py::test_thread_race_loses_no_update"


def test_ci_true_fails_with_the_reason() -> None:
    with pytest.raises(pytest.fail.Exception, match="no chromium here"):
        missing_prerequisite("no chromium here", env={"CI": "true"})


@pytest.mark.parametrize("env", [{}, {"CI": "false"}, {"CI": ""}, {"OTHER": "true"}])
def test_outside_ci_it_skips_with_the_reason(env: dict[str, str]) -> None:
    assert not in_ci(env)
    with pytest.raises(pytest.skip.Exception, match="no chromium here"):
        missing_prerequisite("no chromium here", env=env)


def _closed_port() -> int:
    # Bound and closed again: nothing listens there for the few seconds the run takes.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run_pg_test_without_server(ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env |= {"TEST_PG_HOST": "127.0.0.1", "TEST_PG_PORT": str(_closed_port())}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", PG_TEST, "-q", "-p", "no:cacheprovider", "-rs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_unreachable_postgres_fails_a_ci_run_and_skips_a_local_one() -> None:
    ci = _run_pg_test_without_server("true")
    assert ci.returncode != 0, ci.stdout
    assert "PostgreSQL not reachable" in ci.stdout and "CI=true" in ci.stdout, ci.stdout
    local = _run_pg_test_without_server(None)
    assert local.returncode == 0, local.stdout
    assert "SKIPPED" in local.stdout and "PostgreSQL not reachable" in local.stdout
