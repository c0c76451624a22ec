"""Ctrl-C (SIGINT) and SIGTERM during `aqea extract` / `aqea sync`: stop in order, say one line, exit 128 + signal.

The flow runs on its own event loop in a daemon thread (``BackgroundRun``): signal handlers belong to the main
thread, and Prefect's flow engine replaces the SIGTERM handler when it runs in the main thread (its handler raises
out of the CLI's event loop). On the first signal the CLI mutes Prefect's logs (the cancelled flows report "Crash
detected!" and the like) and cancels the flow; the flow has ``GRACE_S`` to end, then the CLI goes on without it: it
ends the parser processes, marks its runs and their unfinished units interrupted, prints the line and exits. Every
batch was stored with its checkpoint in one transaction, so what was stored is whole, and the same command resumes
(a dump re-run skips pages whose revision is stored; a sync continues after its watermark). The temporary Prefect API
and the embedded PostgreSQL stop in the exit hooks that started them.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import signal
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

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


class BackgroundRun:
    """A coroutine on its own event loop in a daemon thread; ``done`` is a future of the caller's loop.

    Daemon: when the CLI exits after an interrupt, a flow that outlived its grace time does not hold the exit.
    """

    def __init__(self, make: Callable[[], Coroutine[Any, Any, Any]], name: str = "aqea-flow") -> None:
        self.done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._caller = asyncio.get_running_loop()
        self._make = make
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task[Any] | None = None
        self._cancel_requested = False
        context = contextvars.copy_context()  # Prefect keeps its settings (e.g. a test's API) in context variables
        threading.Thread(target=context.run, args=(self._main,), name=name, daemon=True).start()

    def cancel(self) -> None:
        """Cancel the coroutine in its thread (any thread may call this)."""
        self._cancel_requested = True
        if self._loop is not None and self._task is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)

    async def _run(self) -> Any:
        self._loop, self._task = asyncio.get_running_loop(), asyncio.current_task()
        if self._cancel_requested:
            raise asyncio.CancelledError
        return await self._make()

    def _main(self) -> None:
        try:
            result = asyncio.run(self._run())
        except asyncio.CancelledError:
            self._report(self.done.cancel)
        except BaseException as exc:  # handed to the caller, who decides
            self._report(self.done.set_exception, exc)
        else:
            self._report(self.done.set_result, result)

    def _report(self, setter: Callable[..., object], *args: Any) -> None:
        def report() -> None:
            if not self.done.done():
                setter(*args)

        with contextlib.suppress(RuntimeError):  # the caller's loop is closed: nobody waits any more
            self._caller.call_soon_threadsafe(report)
