"""Running the API: `aqea serve` checks the schema, binds the socket (one clear line if it cannot), and runs
uvicorn with every log line scrubbed of the database URL and its password."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import os
import signal
import socket
import traceback
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from aqea.errors import ConfigError, StoreError

REDACTED = "[database URL hidden]"


class HideSecrets(logging.Filter):
    """Replaces the DSN and its password wherever they would appear in a log line (message or traceback)."""

    def __init__(self, dsn: str) -> None:
        super().__init__()
        password = urlsplit(dsn).password
        self.secrets = [s for s in (dsn, password, unquote(password) if password else None) if s]

    def _hide(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = self._hide(message)
        if hidden != message:  # else keep msg and args: uvicorn's access formatter reads the args tuple
            record.msg, record.args = hidden, None
        if record.exc_info:
            record.exc_text = self._hide(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


async def check_schema(dsn: str, *, migrate: bool) -> int:
    """The database's schema version, after migrating it if ``migrate`` (the embedded database, which is the
    user's own). A configured database is never changed: behind this aqea's schema, it is one clear error."""
    from aqea.store.db import connect
    from aqea.store.migrate import available_migrations, current_version
    from aqea.store.migrate import migrate as apply

    conn = await connect(dsn)
    try:
        if migrate:
            await apply(conn)
        have, need = await current_version(conn), max(m.version for m in available_migrations())
    finally:
        await conn.close()
    if have < need:
        raise StoreError(f"the database's schema is at version {have}, this aqea reads version {need}: run "
                         "`aqea db migrate` as the database's owner first (the API never writes)")
    return have


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before uvicorn starts (port 0: any free port; ``getsockname`` tells)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def run(dsn: str, sock: socket.socket, *, pool_size: int, access_log: bool, log_level: str, workers: int = 1) -> None:
    """Serve until SIGINT/SIGTERM (uvicorn's graceful shutdown closes the pool through the app's lifespan).
    ``workers`` > 1: that many server processes forked after binding, all accepting on the one socket (each with
    its own event loop and pool: one process's Python tops out near one core)."""
    import uvicorn

    from aqea.api.app import ApiConfig, create_app

    app = create_app(dsn, ApiConfig(pool_size=pool_size))
    host, port = sock.getsockname()[:2]  # for uvicorn's "running on" line
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, access_log=access_log,
                            server_header=False, lifespan="on")
    hide = HideSecrets(dsn)
    for name in ("", "uvicorn", "uvicorn.error", "uvicorn.access"):  # handlers exist once Config is made
        for handler in logging.getLogger(name).handlers:
            handler.addFilter(hide)
    if workers <= 1:
        uvicorn.Server(config).run(sockets=[sock])
        return
    _run_forked(lambda: uvicorn.Server(config).run(sockets=[sock]), workers)


def _run_forked(serve: Callable[[], None], workers: int) -> None:
    """Fork ``workers`` processes that each run ``serve`` (the pool is made in each one's lifespan, after the
    fork); SIGTERM to this process goes to them, Ctrl-C reaches them as the terminal's process group; wait."""
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:  # a server process: it must never return into the parent's code
            try:
                serve()
            except BaseException:
                traceback.print_exc()
                os._exit(1)
            os._exit(0)
        children.append(pid)

    def forward(signum: int, _frame: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signum)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the children get the terminal's Ctrl-C themselves
    for child in children:
        os.waitpid(child, 0)
