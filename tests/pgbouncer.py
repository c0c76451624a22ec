"""A real PgBouncer (Debian package) on a free 127.0.0.1 port in front of the suite's PostgreSQL.

Own config, auth file and log in a temp dir; every database of the server is reachable through it (``*``
fallback), so a test's ``dsn`` fixture database is reached by swapping host and port. Run as the owner of the
server's socket directory (PgBouncer refuses to run as root).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit, urlunsplit

PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"


@dataclass(frozen=True, slots=True)
class Bouncer:
    port: int
    pool_mode: str
    log: Path

    def dsn(self, direct_dsn: str) -> str:
        """The same database as ``direct_dsn``, through this PgBouncer."""
        parts = urlsplit(direct_dsn)
        return urlunsplit(parts._replace(netloc=f"postgres@127.0.0.1:{self.port}", query=""))

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def available() -> bool:
    return Path(PGBOUNCER).is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_socket(pg_uri: str) -> tuple[str, int]:
    """The unix socket directory and port of the suite's PostgreSQL (pgserver gives ``?host=<dir>``)."""
    socket_dir = parse_qs(urlsplit(pg_uri).query)["host"][0]
    (sock,) = Path(socket_dir).glob(".s.PGSQL.*[0-9]")
    return socket_dir, int(sock.name.rsplit(".", 1)[1])


@contextmanager
def pgbouncer(pg_uri: str, pool_mode: str, pool_size: int = 20) -> Iterator[Bouncer]:
    """Start PgBouncer in ``pool_mode`` (session or transaction) with ``pool_size`` server connections per
    database; stopped and its directory removed on exit."""
    socket_dir, server_port = _server_socket(pg_uri)
    owner = pwd.getpwuid(os.stat(socket_dir).st_uid).pw_name
    root = Path(tempfile.mkdtemp(prefix="aqea-bouncer-", dir="/tmp"))
    port = _free_port()
    (root / "userlist.txt").write_text('"postgres" ""\n')
    (root / "pgbouncer.ini").write_text(f"""\
[databases]
* = host={socket_dir} port={server_port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {root / "userlist.txt"}
pool_mode = {pool_mode}
default_pool_size = {pool_size}
max_client_conn = 500
logfile = {root / "pgbouncer.log"}
pidfile = {root / "pgbouncer.pid"}
""")
    shutil.chown(root, owner)
    for f in root.iterdir():
        shutil.chown(f, owner)
    prefix = ["runuser", "-u", owner, "--"] if os.geteuid() == 0 and owner != "root" else []
    proc = subprocess.Popen([*prefix, PGBOUNCER, str(root / "pgbouncer.ini")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    bouncer = Bouncer(port=port, pool_mode=pool_mode, log=root / "pgbouncer.log")
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"pgbouncer exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                                   f"{bouncer.log_text()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"pgbouncer did not listen on {port}: {bouncer.log_text()}") from None
                time.sleep(0.05)
        yield bouncer
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(root, ignore_errors=True)
