"""Ctrl-C (SIGINT) and SIGTERM during `aqea extract` / `aqea sync`: stop in order, say one line, exit 128 + signal.

On the first signal the CLI mutes Prefect's logs (the cancelled flows report "Crash detected!" and the like) and
cancels the running flow; the flow has ``GRACE_S`` to end, then the CLI goes on without it: it ends the parser
processes, marks its runs and their unfinished units interrupted, prints the line and exits. Every batch was stored
with its checkpoint in one transaction, so what was stored is whole, and the same command resumes (a dump re-run
skips pages whose revision is stored; a sync continues after its watermark). The temporary Prefect API and the
embedded PostgreSQL stop in the exit hooks that started them.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable

GRACE_S = 3.0
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interruption:
    """SIGINT and SIGTERM caught on the running event loop: the first one, and what to do on it."""

    def __init__(self) -> None:
        self.signum: int | None = None
        self._at = 0.0
        self._callbacks: list[Callable[[], object]] = []

    @classmethod
    def install(cls) -> Interruption:
        """Catch the signals on the running loop from now on (closing the loop removes the handlers)."""
        interruption = cls()
        loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            loop.add_signal_handler(sig, interruption._received, sig)
        return interruption

    def _received(self, signum: int) -> None:
        if self.signum is not None:  # already stopping, within a bounded time
            return
        self.signum = signum
        self._at = time.monotonic()
        mute_logs()
        for callback in self._callbacks:
            callback()

    def on_signal(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` on the first signal (at once if it already came)."""
        self._callbacks.append(callback)
        if self.signum is not None:
            callback()

    @property
    def exit_code(self) -> int:
        """130 for SIGINT, 143 for SIGTERM: what a shell reports for a process a signal ended."""
        assert self.signum is not None
        return 128 + self.signum

    def grace_left(self) -> float:
        """Seconds the interrupted flow still has to end by itself."""
        return max(0.0, GRACE_S - (time.monotonic() - self._at)) if self.signum is not None else GRACE_S

    def stopping(self) -> bool:
        """A signal came and the flow's grace time is over: go on without it."""
        return self.signum is not None and self.grace_left() == 0.0


def mute_logs() -> None:
    """After the signal, cancelled flows log crashes and their log shipper may fail: none of it helps the user."""
    logging.disable(logging.CRITICAL)
    logging.raiseExceptions = False  # Prefect's API log worker writes "Error logging to API" only if this is set


def interrupted_line(pages: int) -> str:
    return f"interrupted after {pages:,} pages; what was stored is kept; run the same command to resume"
