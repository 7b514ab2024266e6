"""AppTest made to pay what a server pays per rerun, and no more: one shared script cache.

Streamlit's server compiles each script once (``Runtime`` holds one ``ScriptCache`` for
every session and run). AppTest builds a new ``LocalScriptRunner`` with a new, empty
``ScriptCache`` for every ``run()``, so each rerun reads, rewrites (``magic``) and
compiles the entry file and the page again: 10 ms and more for this app's two files,
which a wall display or a browser session never pays (measured 2026-11-28: the big
screen's fragment rerun spent 24 of its 40 profiled ms there). Inside
:func:`shared_script_cache` every AppTest run reuses one cache, as the server does.
The bare page gets the same treatment, so ratios compare like with like.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit.testing.v1.local_script_runner as local_runner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache


@contextmanager
def shared_script_cache() -> Iterator[ScriptCache]:
    """Within the block, every AppTest run compiles each script once (as the server)."""
    cache = ScriptCache()
    # The runner module imports ScriptCache by name; replacing that name is enough.
    original = getattr(local_runner, "ScriptCache")  # noqa: B009 - not exported for mypy
    setattr(local_runner, "ScriptCache", lambda: cache)  # noqa: B010
    try:
        yield cache
    finally:
        setattr(local_runner, "ScriptCache", original)  # noqa: B010
