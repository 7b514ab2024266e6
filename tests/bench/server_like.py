"""AppTest made to pay what a server pays per rerun, and no more.

Two things a Streamlit server does once per process, AppTest does again and again:

* **Compiling the scripts.** The server's ``Runtime`` holds one ``ScriptCache`` for every
  session and run. AppTest builds a new ``LocalScriptRunner`` and pages manager, each
  with a new, empty ``ScriptCache``, for every ``run()``, so each rerun reads, rewrites
  (``magic``) and compiles the entry file and the page again: 10 ms and more for this
  app's two files, which a wall display or a browser session never pays (measured
  2026-11-28: the big screen's fragment rerun spent 24 of its 40 profiled ms there).
* **Discovering components.** The server's ``Runtime`` scans the installed packages for
  component manifests once, at start-up. AppTest does it on the first ``run()`` of every
  ``AppTest`` instance: reading the metadata of every installed distribution, 100-330 ms
  on this machine, paid by every "first render" sample (each is a new AppTest, as each
  new browser session is a new session) and never by a server.

Inside :func:`shared_script_cache` every AppTest run reuses one script cache and one
component registry, as the server does. The bare page gets the same treatment, so
ratios compare like with like.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import streamlit.testing.v1.app_test as app_test
import streamlit.testing.v1.local_script_runner as local_runner
from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache


def _discovered_once() -> BidiComponentManager:
    """A component registry scanned now, whose later discover calls do nothing."""
    registry = BidiComponentManager()
    registry.discover_and_register_components(start_file_watching=False)

    def already_discovered(**_: Any) -> None:
        """The scan above stands for the whole process, as the server's start-up scan."""

    registry.discover_and_register_components = already_discovered  # type: ignore[method-assign]
    return registry


@contextmanager
def shared_script_cache() -> Iterator[ScriptCache]:
    """Within the block, every AppTest run compiles each script once and scans for
    components once, as the server does."""
    cache = ScriptCache()
    registry = _discovered_once()
    # Both modules import ScriptCache by name (the runner for the entry file, AppTest's
    # pages manager for the page files); AppTest builds its registry by class name.
    patches = [
        (local_runner, "ScriptCache", lambda: cache),
        (app_test, "ScriptCache", lambda: cache),
        (app_test, "BidiComponentManager", lambda: registry),
    ]
    originals = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, replacement in patches:
        setattr(module, name, replacement)
    try:
        yield cache
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
