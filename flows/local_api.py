"""Prefect's temporary API for local runs (``PREFECT_API_URL`` unset), started in a session of its own.

A Ctrl-C in a terminal reaches the whole foreground process group. Started by Prefect, the temporary API is in
the CLI's group, so it stopped at once while the interrupted flows still reported their end to it: about a minute
of retries and hundreds of "Error logging to API" lines. Started here, only the CLI stops it (Prefect's own exit
hook, after the run is marked interrupted); on Linux it also ends when the CLI is killed (parent-death signal).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import prefect
from prefect.settings import PREFECT_API_URL, get_current_settings

_PR_SET_PDEATHSIG = 1


def _parent_death_signal() -> Callable[[], None] | None:
    """A pre-exec hook that makes the child get SIGTERM when its parent dies (Linux), resolved here and not in
    the forked child, which should do as little as possible before exec."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    return lambda: prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)


def _own_session_server() -> Any:
    """Prefect's server class with its own session (imported here: the server module costs ~2 s to import,
    which a run against a running Prefect server must not pay)."""
    from prefect.server.api.server import SubprocessASGIServer

    class OwnSessionServer(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            # The command and environment of Prefect 3.8's SubprocessASGIServer._run_uvicorn_command; only the
            # session and the parent-death signal differ.
            return subprocess.Popen(
                args=[sys.executable, "-m", "uvicorn", "--app-dir", str(prefect.__module_path__.parent),
                      "--factory", "prefect.server.api.server:create_app", "--host", "127.0.0.1",
                      "--port", str(self.port), "--log-level", "error", "--lifespan", "on"],
                env={**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1",
                     "PREFECT__SERVER_FINAL": "1",
                     **get_current_settings().to_environment_variables(exclude_unset=True)},
                start_new_session=True,
                preexec_fn=_parent_death_signal(),
            )

    return OwnSessionServer


def start_temporary_api() -> None:
    """Start the temporary API now, from the main thread (the parent-death signal follows the thread that starts
    it), unless a Prefect API is configured. Prefect's clients then use this one; it stops when the CLI exits."""
    if PREFECT_API_URL.value():
        return
    _own_session_server()().start()
