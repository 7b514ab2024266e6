"""AppTest made to pay what a server pays per rerun, and no more: one shared script cache.

Streamlit's server compiles each script once (``Runtime`` holds one ``ScriptCache`` for
every session and run). AppTest builds a new ``LocalScriptRunner`` and pages manager,
each with a new, empty ``ScriptCache``, for every ``run()``, so each rerun reads,
rewrites (``magic``) and compiles the entry file and the page again: 10 ms and more for
this app's two files, which a wall display or a browser session never pays (measured
2026-11-28: the big screen's fragment rerun spent 24 of its 40 profiled ms there). Inside
:func:`shared_script_cache` every AppTest run reuses one cache, as the server does.
The bare page gets the same treatment, so ratios compare like with like.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit.testing.v1.app_test as app_test
import streamlit.testing.v1.local_script_runner as local_runner
from streamlit.runtime.scriptrunner.script_cache import ScriptCache


@contextmanager
def shared_script_cache() -> Iterator[ScriptCache]:
    """Within the block, every AppTest run compiles each script once (as the server)."""
    cache = ScriptCache()
    # Both modules import ScriptCache by name (the runner for the entry file, AppTest's
    # pages manager for the page files); replacing those names is enough.
    modules = (local_runner, app_test)
    originals = [getattr(m, "ScriptCache") for m in modules]  # noqa: B009 - not exported
    for module in modules:
        setattr(module, "ScriptCache", lambda: cache)  # noqa: B010
    try:
        yield cache
    finally:
        for module, original in zip(modules, originals, strict=True):
            setattr(module, "ScriptCache", original)  # noqa: B010
