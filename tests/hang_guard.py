"""A hang guard for inputs built to make a parser blow up (regex backtracking, entity expansion).

Not a speed test: the limit is about a thousand times what the code needs (milliseconds), so a test
fails only when the code would in effect never finish, however busy the machine. Speed is measured
by the scripts in bench/, never asserted in tests.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def no_hang(seconds: float = 30.0) -> Iterator[None]:
    """Raise TimeoutError in the block once it has run ``seconds`` (main thread only, as pytest runs tests)."""

    def expire(_signum: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds:g} s: treated as a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
