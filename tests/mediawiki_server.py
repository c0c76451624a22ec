"""A real MediaWiki on 127.0.0.1 for the Action API tests, and a fault-injecting proxy in front of it.

``mediawiki`` (session fixture) installs a fresh wiki (Debian's ``mediawiki`` package, SQLite, in a
temporary directory), imports the real German sample dump, serves it with PHP's built-in server on a
free loopback port and stops that server (by PID) at the end. ``$wgCapitalLinks = false`` as on
Wiktionary, so "lieben" stays "lieben". The installer's own "Hauptseite" is deleted, so the main
namespace holds exactly the sample's 202 pages. A second PHP server on the same wiki has a small
``$wgAPIMaxResultSize`` (``small_result_api_url``): there the API must continue generator batches
with ``rvcontinue`` and returns pages without revisions, as on Wikimedia with big batches.

Install MediaWiki with ``scripts/install-mediawiki.sh``; without it the fixture skips.
Setting up takes about 4 s on an idle 2-core machine (install ~1 s, import of the 220 pages ~2 s with
``--no-updates``, servers ~0.5 s); 8-10 s when the machine is busy.

``fault_proxy`` (session) / ``wiki_proxy`` (per test, reset) is a small threaded HTTP proxy on
127.0.0.1 that forwards to that wiki, records every request (times, parameters, headers) and can be
told to answer the next requests with 429/503 + Retry-After, a real maxlag error (it asks the wiki
with ``maxlag=-2``, which the wiki always refuses), invalid JSON or a delay.

Also usable outside pytest (the benchmark does): ``with running_wiki() as wiki: ...``.
"""

from __future__ import annotations

import bz2
import contextlib
import gzip
import http.client
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from tests.samples import DE_DUMP

MEDIAWIKI_DIR = Path("/usr/share/mediawiki")
INSTALL_PHP = MEDIAWIKI_DIR / "maintenance" / "install.php"
ADMIN = "Admin"
ADMIN_PASSWORD = "aqea-test-password-1"  # install.php wants 10+ characters; loopback only
SMALL_RESULT_SIZE = 120_000  # bytes: above the largest sample page ("ich", 99 kB), below a batch of 50

_SETTINGS = """
# ---- added by tests/mediawiki_server.py
$wgCapitalLinks = false;       # as on Wiktionary: lower-case titles stay lower-case
$wgJobRunRate = 0;             # no jobs during web requests: steady response times
$wgRateLimits = [];            # no per-user rate limits in the test wiki
$wgEnableEmail = false;
$wgShowExceptionDetails = true;
$wgRCMaxAge = 90 * 86400;
# (The Action API is always on since MediaWiki 1.32: $wgEnableAPI no longer exists.)
"""


def mediawiki_missing() -> str | None:
    """Why the wiki cannot be started here, or None."""
    if not INSTALL_PHP.is_file():
        return f"MediaWiki is not installed ({INSTALL_PHP} is missing); run scripts/install-mediawiki.sh"
    if shutil.which("php") is None:
        return "php is not installed; run scripts/install-mediawiki.sh"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class TestWiki:
    """A running test wiki. ``api_url`` is its api.php; maintenance scripts run against its files."""

    root: Path
    port: int
    small_port: int
    setup_seconds: float = 0.0
    servers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    __test__ = False  # not a test class for pytest

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    @property
    def small_result_api_url(self) -> str:
        """The same wiki with a small $wgAPIMaxResultSize (forces rvcontinue within generator batches)."""
        return f"http://127.0.0.1:{self.small_port}/api.php"

    @property
    def config(self) -> Path:
        return self.root / "LocalSettings.php"

    def php(self, script: str, *args: str, stdin: str | None = None, config: Path | None = None) -> str:
        """Run ``php maintenance/<script> args…`` for this wiki; its output, or RuntimeError with it."""
        env = {**os.environ, "MW_CONFIG_FILE": str(config or self.config)}
        result = subprocess.run(
            ["php", f"maintenance/{script}", *args],
            cwd=MEDIAWIKI_DIR,
            env=env,
            input=stdin.encode("utf-8") if stdin is not None else None,
            capture_output=True,
            timeout=300,
            check=False,
        )
        out = (result.stdout + result.stderr).decode("utf-8", "replace")
        if result.returncode != 0:
            raise RuntimeError(f"php maintenance/{script} {' '.join(args)} failed ({result.returncode}):\n{out}")
        return out

    def edit(self, title: str, text: str, summary: str = "test edit") -> None:
        """Create or change a page (edit.php, as user Admin)."""
        self.php("edit.php", "--summary", summary, "--user", ADMIN, title, stdin=text)

    def delete(self, title: str, reason: str = "test deletion") -> None:
        listfile = self._listfile([title])
        self.php("deleteBatch.php", "--u", ADMIN, "--r", reason, str(listfile))

    def undelete(self, title: str, reason: str = "test restore") -> None:
        self.php("undelete.php", "--user", ADMIN, "--reason", reason, title)

    def move(self, old: str, new: str, reason: str = "test move", redirect: bool = True) -> None:
        listfile = self._listfile([f"{old}|{new}"])
        extra = [] if redirect else ["--noredirects"]
        self.php("moveBatch.php", "--u", ADMIN, "--r", reason, *extra, str(listfile))

    def db_pages(self, namespace: int = 0) -> dict[str, tuple[int, int]]:
        """Straight from the wiki's SQLite database: title → (page id, latest revision id)."""
        db = sqlite3.connect(f"file:{self.root / 'dewiktionary.sqlite'}?mode=ro", uri=True)
        try:
            rows = db.execute(
                "SELECT page_title, page_id, page_latest FROM page WHERE page_namespace = ?", (namespace,)
            ).fetchall()
        finally:
            db.close()
        return {_text(title).replace("_", " "): (int(pid), int(latest)) for title, pid, latest in rows}

    def _listfile(self, lines: list[str]) -> Path:
        fd, name = tempfile.mkstemp(prefix="list-", suffix=".txt", dir=self.root)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        return Path(name)


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


@contextlib.contextmanager
def running_wiki(dump: Path = DE_DUMP, root: Path | None = None) -> Iterator[TestWiki]:
    """Install, import ``dump`` (.xml or .xml.bz2), serve; stop the servers and remove the files afterwards."""
    reason = mediawiki_missing()
    if reason:
        raise RuntimeError(reason)
    started = time.monotonic()
    own_root = root is None
    root = Path(tempfile.mkdtemp(prefix="aqea-mw-", dir="/tmp")) if root is None else root
    wiki = TestWiki(root=root, port=free_port(), small_port=free_port())
    try:
        _install(wiki, dump)
        for port, config in ((wiki.port, wiki.config), (wiki.small_port, root / "LocalSettings-small.php")):
            wiki.servers.append(_serve(wiki, port, config))
        for port in (wiki.port, wiki.small_port):
            _wait_until_up(wiki, f"http://127.0.0.1:{port}/api.php")
        wiki.setup_seconds = time.monotonic() - started
        yield wiki
    finally:
        for proc in wiki.servers:
            _stop(proc)
        if own_root and not os.environ.get("AQEA_KEEP_TEST_WIKI"):
            shutil.rmtree(root, ignore_errors=True)


def _install(wiki: TestWiki, dump: Path) -> None:
    root = wiki.root
    subprocess.run(
        [
            "php", "maintenance/install.php",
            "--dbtype=sqlite", f"--dbpath={root}", "--dbname=dewiktionary", f"--confpath={root}",
            f"--server=http://127.0.0.1:{wiki.port}", "--scriptpath=", "--lang=de",
            f"--pass={ADMIN_PASSWORD}", "Wiktionary", ADMIN,
        ],
        cwd=MEDIAWIKI_DIR, capture_output=True, timeout=300, check=True,
        env={k: v for k, v in os.environ.items() if k != "MW_CONFIG_FILE"},
    )  # sitename "Wiktionary": the project namespace is "Wiktionary:", as in the dump
    with open(wiki.config, "a", encoding="utf-8") as fh:
        fh.write(_SETTINGS)
    (root / "LocalSettings-small.php").write_text(
        "<?php\nrequire __DIR__ . '/LocalSettings.php';\n"
        f"$wgAPIMaxResultSize = {SMALL_RESULT_SIZE};\n",
        encoding="utf-8",
    )
    xml = root / "dump.xml"  # importDump wants plain XML
    with open(dump, "rb") as probe:
        compressed = probe.read(3) == b"BZh"
    with (bz2.open(dump, "rb") if compressed else open(dump, "rb")) as src, open(xml, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    # --no-updates: no link tables (10x faster); pages, revisions and texts are complete
    wiki.php("importDump.php", "--no-updates", str(xml))
    xml.unlink()
    wiki.delete("Hauptseite", "not part of the sample")  # the installer's main page (namespace 0)
    wiki.php("initSiteStats.php", "--update")


def _serve(wiki: TestWiki, port: int, config: Path) -> subprocess.Popen[bytes]:
    log = open(wiki.root / f"php-server-{port}.log", "wb")  # noqa: SIM115  (closed with the process)
    try:
        return subprocess.Popen(
            # opcache (off for the CLI by default) halves MediaWiki's per-request start-up time
            ["php", "-d", "opcache.enable_cli=1", "-S", f"127.0.0.1:{port}", "-t", str(MEDIAWIKI_DIR)],
            cwd=MEDIAWIKI_DIR,
            env={**os.environ, "MW_CONFIG_FILE": str(config)},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    finally:
        log.close()  # the child has its own descriptor


def _wait_until_up(wiki: TestWiki, api_url: str, timeout: float = 30.0) -> None:
    url = api_url + "?" + urlencode({"action": "query", "meta": "siteinfo", "format": "json"})
    deadline = time.monotonic() + timeout
    problem = ""
    while time.monotonic() < deadline:
        for proc in wiki.servers:
            if proc.poll() is not None:
                logs = "\n".join(p.read_text("utf-8", "replace")[-2000:] for p in wiki.root.glob("php-server-*.log"))
                raise RuntimeError(f"php -S exited with {proc.returncode}:\n{logs}")
        try:
            status, body, _ = _get(url, timeout=5)
            if status == 200 and "general" in json.loads(body).get("query", {}):
                return
            problem = f"HTTP {status}: {body[:200]!r}"
        except (OSError, ValueError, http.client.HTTPException) as exc:
            problem = repr(exc)
        time.sleep(0.1)
    raise RuntimeError(f"the test wiki at {api_url} did not answer within {timeout:g} s: {problem}")


def _get(url: str, timeout: float) -> tuple[int, bytes, dict[str, str]]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80, timeout=timeout)
    try:
        conn.request("GET", parts.path + ("?" + parts.query if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        conn.close()


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()  # this PID only
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# --------------------------------------------------------------------------- fault-injecting proxy

FAULTS = frozenset({"429", "503", "maxlag", "badjson", "delay"})
_MAX_DELAY = 10.0
_MAX_HITS = 10_000


@dataclass(frozen=True)
class Hit:
    """One request the proxy saw. ``start``/``end``: time.monotonic() when it was read / just before
    the answer was written (so a client that waits for answers never shows overlapping hits)."""

    start: float
    end: float
    method: str
    params: dict[str, str]
    headers: dict[str, str]
    status: int
    fault: str | None
    retry_after: float | None = None
    gzipped: bool = False  # the proxy compressed the answer (gzip_answers and the client accepts gzip)


@dataclass
class _Fault:
    kind: str
    retry_after: float | None
    delay: float


class FaultProxy:
    """Threaded HTTP proxy on 127.0.0.1 in front of one upstream api.php (loopback only, bounded)."""

    def __init__(self, upstream_api_url: str, gzip_answers: bool = False) -> None:
        up = urlsplit(upstream_api_url)
        if up.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError(f"the fault proxy only forwards to loopback, not {up.hostname}")
        self.upstream = (up.hostname, up.port or 80, up.path)
        self.gzip_answers = gzip_answers
        self.hits: list[Hit] = []
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._active = 0  # requests being handled
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                proxy._handle(self)

            def do_POST(self) -> None:
                proxy._handle(self)

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="fault-proxy", daemon=True)
        self._thread.start()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}{self.upstream[2]}"

    def inject(self, kind: str, count: int = 1, *, retry_after: float | None = None, delay: float = 0.0) -> None:
        """Answer the next ``count`` requests with ``kind`` (see FAULTS) instead of the wiki's answer."""
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; one of {sorted(FAULTS)}")
        if not 0 <= delay <= _MAX_DELAY or not 0 < count <= 100:
            raise ValueError("delay must be 0..10 s and count 1..100")
        with self._lock:
            self._faults.extend(_Fault(kind, retry_after, delay) for _ in range(count))

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Wait until no request is being handled (a delayed one may still sleep after the client gave up)."""
        with self._idle:
            if not self._idle.wait_for(lambda: self._active == 0, timeout):
                raise RuntimeError(f"the fault proxy is still busy after {timeout:g} s")

    def reset(self) -> None:
        """Forget faults and hits (after the requests still running have finished)."""
        self.wait_idle()
        with self._lock:
            self._faults.clear()
            self.hits.clear()
        self.gzip_answers = False

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self._active += 1
        try:
            self._proxy(req)
        finally:
            with self._idle:
                self._active -= 1
                self._idle.notify_all()

    def _proxy(self, req: BaseHTTPRequestHandler) -> None:
        start = time.monotonic()
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        query = urlsplit(req.path).query
        params = dict(parse_qsl(query, keep_blank_values=True))
        if req.command == "POST":
            params.update(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
        with self._lock:
            fault = self._faults.pop(0) if self._faults else None
        headers: dict[str, str] = {}
        gzipped = False
        kind = fault.kind if fault else None
        if kind == "delay" and fault is not None:
            time.sleep(fault.delay)
        if kind in ("429", "503"):
            status = int(kind)
            payload = f"<html><body>{kind} please slow down</body></html>".encode()
            headers["Content-Type"] = "text/html; charset=utf-8"
        elif kind == "badjson":
            status, payload = 200, b'{"batchcomplete": true, "query": {"pages": [{"title": "broken'
            headers["Content-Type"] = "application/json; charset=utf-8"
        else:
            if kind == "maxlag":  # the real wiki refuses maxlag=-2 with its real maxlag error
                query = _with_maxlag(query, "-2")
                if req.command == "POST":
                    body = _with_maxlag(body.decode(), "-2").encode()
            status, payload, upstream_headers = self._forward(req, query, body)
            for name in ("Content-Type", "Content-Encoding", "Retry-After", "X-Database-Lag", "MediaWiki-API-Error"):
                if name in upstream_headers:
                    headers[name] = upstream_headers[name]
            accepts = req.headers.get("Accept-Encoding", "")
            if self.gzip_answers and "gzip" in accepts and "Content-Encoding" not in headers:
                payload = gzip.compress(payload)
                headers["Content-Encoding"] = "gzip"
                gzipped = True
        if fault is not None and fault.retry_after is not None:
            headers["Retry-After"] = f"{fault.retry_after:g}"
        hit = Hit(
            start=start, end=time.monotonic(), method=req.command, params=params,
            headers={k: v for k, v in req.headers.items()}, status=status, fault=kind,
            retry_after=fault.retry_after if fault else None, gzipped=gzipped,
        )
        with self._lock:
            if len(self.hits) < _MAX_HITS:
                self.hits.append(hit)
        try:
            req.send_response(status)
            for name, value in headers.items():
                req.send_header(name, value)
            req.send_header("Content-Length", str(len(payload)))
            req.end_headers()
            req.wfile.write(payload)
            req.wfile.flush()
        except OSError:  # the client gave up (timeout test)
            req.close_connection = True

    def _forward(self, req: BaseHTTPRequestHandler, query: str, body: bytes) -> tuple[int, bytes, dict[str, str]]:
        host, port, path = self.upstream
        conn = http.client.HTTPConnection(host, port, timeout=60)
        try:
            headers = {k: v for k, v in req.headers.items() if k.lower() in ("user-agent", "accept", "content-type")}
            conn.request(req.command, path + ("?" + query if query else ""), body=body or None, headers=headers)
            response = conn.getresponse()
            return response.status, response.read(), dict(response.getheaders())
        finally:
            conn.close()


def _with_maxlag(encoded: str, value: str) -> str:
    return urlencode({**dict(parse_qsl(encoded, keep_blank_values=True)), "maxlag": value})


# --------------------------------------------------------------------------- pytest fixtures


@pytest.fixture(scope="session")
def mediawiki() -> Iterator[TestWiki]:
    """A real MediaWiki 1.39 with the 220 German sample pages, on a free 127.0.0.1 port."""
    reason = mediawiki_missing()
    if reason:
        pytest.skip(reason)
    with running_wiki() as wiki:
        yield wiki


@pytest.fixture(scope="session")
def fault_proxy(mediawiki: TestWiki) -> Iterator[FaultProxy]:
    proxy = FaultProxy(mediawiki.api_url)
    yield proxy
    proxy.close()


@pytest.fixture
def wiki_proxy(fault_proxy: FaultProxy) -> Iterator[FaultProxy]:
    """The session's fault proxy, with no faults queued and no hits recorded."""
    fault_proxy.reset()
    yield fault_proxy
    fault_proxy.reset()
