"""One rule for a missing test prerequisite (PostgreSQL, Chromium): skip locally, fail in CI.

On a developer machine without a PostgreSQL server or Debian's Chromium, the tests that
need them skip with the reason. In CI (``CI=true``, as GitHub Actions and most runners
set it) the same absence fails the run: a silent skip there would drop the only race
tests and the browser XSS tests while the build still shows green.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NoReturn

import pytest


def in_ci(env: Mapping[str, str] | None = None) -> bool:
    """True when the environment says this is a CI run (``CI=true``)."""
    return (os.environ if env is None else env).get("CI") == "true"


def missing_prerequisite(reason: str, *, env: Mapping[str, str] | None = None) -> NoReturn:
    """Skip the test with ``reason``, or fail it when running in CI.

    Parameters
    ----------
    reason : str
        What is missing, e.g. "PostgreSQL not reachable at 127.0.0.1:5432: ...".
    env : mapping, optional
        The environment to decide on (``os.environ`` by default; tests pass their own).
    """
    if in_ci(env):
        pytest.fail(f"CI=true, so this is an error, not a skip: {reason}", pytrace=False)
    pytest.skip(reason)
