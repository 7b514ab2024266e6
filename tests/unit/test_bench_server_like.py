"""The page benchmark's AppTest pays per run only what a server pays per run."""

from __future__ import annotations

from unittest.mock import patch

from streamlit.components.v2.component_manager import BidiComponentManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest

from tests.bench.server_like import shared_script_cache

PAGE = "import streamlit as st\nst.title('bench')\n"


def test_new_sessions_share_one_component_scan_and_one_compiled_script() -> None:
    """As on a server: components are found once per process, each script compiled once."""
    real_scan = BidiComponentManager.discover_and_register_components
    real_compile = ScriptCache.get_bytecode
    with (
        patch.object(
            BidiComponentManager, "discover_and_register_components", autospec=True
        ) as scans,
        patch.object(ScriptCache, "get_bytecode", autospec=True) as compiles,
    ):
        scans.side_effect = real_scan
        compiles.side_effect = real_compile
        with shared_script_cache() as cache:
            sessions = [AppTest.from_string(PAGE) for _ in range(3)]
            for at in sessions:
                at.run()
                assert at.title[0].value == "bench" and not at.exception
        assert scans.call_count == 1
        assert {id(call.args[0]) for call in compiles.call_args_list} == {id(cache)}
        # Outside the block AppTest is itself again: a new session scans anew.
        AppTest.from_string(PAGE).run()
        assert scans.call_count == 2
