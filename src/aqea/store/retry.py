"""Riding out a database restart or a dropped connection: transient errors are retried, with backoff.

One rule for every caller: retry a *whole* idempotent operation — a read, a whole transaction, an upsert
keyed by natural keys — on a connection freshly acquired from the pool, never one statement inside a
transaction (that transaction died with its connection). A pool drops a broken connection when it is
released and connects anew on the next acquire, so acquiring inside the retried operation is what makes the
pool reconnect. Errors that would fail the same way again (a constraint violation, bad SQL) are never retried.

Waits go to the ``aqea.store.retry`` logger as one line each; the CLI shows them above its progress bar.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import asyncpg

from aqea.errors import StoreError

if TYPE_CHECKING:
    from aqea.settings import Settings

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Server-side conditions that pass: the connection or the server went away, or is coming back.
_TRANSIENT_SERVER_ERRORS: tuple[type[Exception], ...] = (
    asyncpg.exceptions.PostgresConnectionError,  # class 08: connection does not exist / failed / refused
    asyncpg.exceptions.AdminShutdownError,  # 57P01: fast shutdown, pg_terminate_backend
    asyncpg.exceptions.CrashShutdownError,  # 57P02: another backend crashed, the server resets
    asyncpg.exceptions.CannotConnectNowError,  # 57P03: the database system is starting up / shutting down
    asyncpg.exceptions.TooManyConnectionsError,  # 53300: slots free up as other clients finish
    asyncpg.exceptions.DeadlockDetectedError,  # 40P01 / 40001: the cure is to run the transaction again
    asyncpg.exceptions.SerializationError,
)
# asyncpg reports use of a connection it already knows is dead as an InterfaceError with these words.
_CLOSED_CONNECTION = ("connection is closed", "connection was closed")


class DatabaseUnavailable(StoreError):
    """The database stayed away through every retry of an operation."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """``attempts`` tries in all; the first wait is ``first_delay_s``, doubled after each try, capped."""

    attempts: int = 8
    first_delay_s: float = 1.0
    max_delay_s: float = 10.0

    def delays(self) -> list[float]:
        """The waits between tries (one fewer than the tries)."""
        return [min(self.first_delay_s * 2**i, self.max_delay_s) for i in range(self.attempts - 1)]

    @property
    def window_s(self) -> float:
        """How long an outage may last before an operation gives up (the sum of the waits)."""
        return sum(self.delays())

    @classmethod
    def from_settings(cls, settings: Settings) -> RetryPolicy:
        return cls(attempts=settings.db_retry_attempts, first_delay_s=settings.db_retry_delay)


def is_transient(exc: BaseException) -> bool:
    """True for errors that mean "the database is away for now", which a later try can get past.

    An error raised while cleaning up after such an error counts as one too: when the server's FATAL cuts an
    operation short, the transaction's rollback and the pool's reset on release then fail with "another
    operation is in progress", and that is what reaches the caller (the pool terminates the connection first).
    """
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, DatabaseUnavailable):
            return False  # an inner operation already waited out the whole window
        if _is_transient_itself(cause):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _is_transient_itself(exc: BaseException) -> bool:
    if isinstance(exc, _TRANSIENT_SERVER_ERRORS):
        return True
    if isinstance(exc, asyncpg.exceptions.InterfaceError):
        return any(words in str(exc) for words in _CLOSED_CONNECTION)
    if isinstance(exc, asyncpg.exceptions.InternalClientError):
        # asyncpg's protocol state broke. Seen when a fast shutdown's FATAL reaches an idle pooled connection
        # before its socket closes: the next query fails "cannot switch to state 12; another operation (2) is
        # in progress". A fresh connection is the cure; the pool drops this one on release.
        return True
    return isinstance(exc, OSError)  # refused, reset, socket file gone, connect timed out


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"  # not "[Errno 111] Connect call failed ('127.0.0.1', 5432)"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 90 else text[:87] + "…"


async def retry_transient(operation: Callable[[], Awaitable[T]], policy: RetryPolicy, what: str) -> T:
    """``await operation()``, tried again after transient errors until the policy's window is spent.

    ``operation`` must be safe to run again from the start (idempotent, or one transaction). Raises
    ``DatabaseUnavailable`` (one line, naming ``what``) when the database does not come back in time.
    """
    started = time.monotonic()
    delays = policy.delays()
    for attempt in range(1, policy.attempts + 1):
        try:
            return await operation()
        except Exception as exc:
            if not is_transient(exc):
                raise
            if attempt == policy.attempts:
                raise DatabaseUnavailable(
                    f"database unavailable for {time.monotonic() - started:.0f} s ({policy.attempts} attempts) "
                    f"while {what}: {_reason(exc)}"
                ) from exc
            delay = delays[attempt - 1]
            logger.warning("database unavailable (%s), retrying in %g s (attempt %d/%d) …",
                           _reason(exc), delay, attempt + 1, policy.attempts)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable: the loop returns or raises")


async def with_connection(
    pool: asyncpg.Pool, work: Callable[[asyncpg.Connection], Awaitable[T]], policy: RetryPolicy, what: str
) -> T:
    """``work(conn)`` on a connection of ``pool``; after a transient error all of it again on a fresh one."""

    async def once() -> T:
        async with pool.acquire() as conn:
            return await work(conn)

    return await retry_transient(once, policy, what)
