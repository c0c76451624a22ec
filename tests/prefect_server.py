"""A real Prefect stack for tests: Debian PostgreSQL cluster, `prefect server`, `prefect worker` processes.

Everything listens on 127.0.0.1 only, lives in a temp dir and is stopped by process group in ``close()``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PG_BIN_CANDIDATES = sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)


def debian_pg_bin() -> Path | None:
    """Directory with initdb/postgres of Debian's postgresql package (pgserver lacks pg_trgm for Prefect)."""
    for candidate in PG_BIN_CANDIDATES:
        if (candidate / "initdb").is_file() and (candidate / "postgres").is_file():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check: Callable[[], bool], timeout: float, what: str, interval: float = 0.3) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception as exc:  # not up yet
            last = exc
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s (last error: {last})")


def descendants(pid: int) -> list[int]:
    """All descendant pids of ``pid`` (from /proc), children first."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: list[int] = []
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    stopped: bool = False  # stopped on purpose (an exit is then no failure)

    def tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> None:
        """Stop the process group and every descendant (flow-run processes may start their own sessions)."""
        self.stopped = True
        if self.popen.poll() is not None:
            return
        family = descendants(self.popen.pid)
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            return
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(10)
        for pid in family:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@dataclass
class Stack:
    """Debian PostgreSQL + Prefect server (+ workers added with ``start_worker``)."""

    root: Path
    pg_port: int = 0
    api_port: int = 0
    procs: list[Proc] = field(default_factory=list)
    base_env: dict[str, str] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}/api"

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.pg_port}/{database}"

    def _spawn(self, name: str, args: list[str], env: dict[str, str], cwd: Path | None = None,
               user: str | None = None) -> Proc:
        log = self.root / f"{name}.log"
        if user:
            args = ["runuser", "-u", user, "--", *args]
        with open(log, "wb") as out:
            popen = subprocess.Popen(args, env=env, cwd=cwd or REPO, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)  # own process group: stopped as one
        proc = Proc(name, popen, log)
        self.procs.append(proc)
        return proc

    # -- PostgreSQL
    def start_postgres(self, databases: list[str]) -> None:
        pg_bin = debian_pg_bin()
        assert pg_bin is not None
        user = "postgres" if os.geteuid() == 0 else None  # initdb refuses to run as root
        data = self.root / "pgdata"
        sock = self.root / "pgsock"
        sock.mkdir()
        if user:
            shutil.chown(self.root, user)
            shutil.chown(sock, user)
        prefix = ["runuser", "-u", user, "--"] if user else []
        subprocess.run([*prefix, str(pg_bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                        "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
        self.pg_port = free_port()
        self._spawn("postgres", [str(pg_bin / "postgres"), "-D", str(data), "-p", str(self.pg_port),
                                 "-h", "127.0.0.1", "-k", str(sock), "-c", "max_connections=200",
                                 "-c", "fsync=off"], env=dict(os.environ), user=user)

        def ready() -> bool:
            return subprocess.run([str(pg_bin / "pg_isready"), "-h", "127.0.0.1", "-p", str(self.pg_port)],
                                  capture_output=True).returncode == 0

        wait_for(ready, 60, "PostgreSQL")
        for db in databases:
            subprocess.run([str(pg_bin / "psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres",
                            "-c", f'CREATE DATABASE "{db}"'], check=True, capture_output=True)

    # -- Prefect
    def start_server(self) -> None:
        self.api_port = free_port()
        home = self.root / "prefect-home"
        home.mkdir()
        self.base_env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AQEA_"))},
            "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_HOME": str(home),
            "PREFECT_API_URL": self.api_url, "PREFECT_UI_ENABLED": "false",
            # the scheduler's first pass within seconds, not a minute (tests/test_distributed.py reads its runs)
            "PREFECT_API_SERVICES_SCHEDULER_LOOP_SECONDS": "5",
            "PREFECT_LOGGING_LEVEL": "INFO", "PYTHONUNBUFFERED": "1",
        }
        env = {**self.base_env,
               "PREFECT_API_DATABASE_CONNECTION_URL": f"postgresql+asyncpg://postgres@127.0.0.1:{self.pg_port}/prefect"}
        env.pop("PREFECT_API_URL")
        self._spawn("server", [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1",
                               "--port", str(self.api_port)], env=env)

        def healthy() -> bool:
            if self.procs[-1].popen.poll() is not None:
                raise RuntimeError(f"prefect server exited:\n{self.procs[-1].tail()}")
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as resp:
                return resp.status == 200

        wait_for(healthy, 120, "Prefect server", interval=0.5)

    def env(self, **extra: str) -> dict[str, str]:
        return {**self.base_env, **extra}

    def cli(self, *args: str, env: dict[str, str] | None = None, timeout: float = 180) -> str:
        """Run a command (prefect / python) against the server; returns its output, raises with it on error."""
        result = subprocess.run(list(args), env=env or self.env(), cwd=REPO, capture_output=True, text=True,
                                timeout=timeout)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result.stdout + result.stderr

    def start_worker(self, name: str, pool: str, queue: str | None = None, limit: int | None = None,
                     **env: str) -> Proc:
        args = [str(BIN / "prefect"), "worker", "start", "--pool", pool, "--type", "process", "--name", name]
        if queue:
            args += ["--work-queue", queue]
        if limit:
            args += ["--limit", str(limit)]
        return self._spawn(f"worker-{name}", args, env=self.env(**env))

    def close(self) -> None:
        for proc in reversed(self.procs):
            # PostgreSQL: SIGINT is its fast shutdown (SIGTERM would wait for every client); keep stopping the others
            with contextlib.suppress(Exception):
                proc.stop(signal.SIGINT if proc.name == "postgres" else signal.SIGTERM)
        if not os.environ.get("AQEA_TEST_KEEP_LOGS"):  # set it to read the server/worker logs after a failure
            shutil.rmtree(self.root, ignore_errors=True)


def make_stack() -> Stack:
    return Stack(root=Path(tempfile.mkdtemp(prefix="aqea-dist-", dir="/tmp")))
