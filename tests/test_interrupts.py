"""Ctrl-C, SIGTERM and SIGKILL during a real `aqea extract` / `aqea sync` process.

Each run is the real CLI in a subprocess with its own embedded PostgreSQL (pgserver) and Prefect's temporary API, on
a multistream dump of real sample pages replicated with unique titles (as bench/bench_pipeline.py builds it), long
enough to be interrupted after its first stored batches. Real signals; no timing assertions (only generous bounds
against a hang). How long each exit took after its signal is printed (``pytest -s``), not asserted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from aqea.sources.multistream import siteinfo_xml_of, write_multistream
from tests.hang_guard import no_hang
from tests.mediawiki_server import FaultProxy, TestWiki, fault_proxy, mediawiki, wiki_proxy  # noqa: F401
from tests.prefect_server import descendants
from tests.samples import DE_DUMP, replicated_pages

PAGES = 3000  # ~15 units of real pages: minutes of work on a busy 2-core machine, interrupted after the first
LINE = re.compile(r"^interrupted after ([\d,]+) pages; what was stored is kept; run the same command to resume$")
NOISE = ("Traceback", "Error logging to API", "Crash detected", "Finished in state", "ERROR")




@pytest.fixture(scope="module")
def big_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dump")
    path = folder / "dewiktionary-big-multistream.xml.bz2"
    write_multistream(replicated_pages(PAGES), path, index_path=folder / "dewiktionary-big-multistream-index.txt.bz2",
                      siteinfo_xml=siteinfo_xml_of(DE_DUMP))
    return path


@pytest.fixture(scope="module")
def prefect_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Prefect home of this module: the temporary API's database is not shared with other test runs."""
    return tmp_path_factory.mktemp("prefect-home")


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """An embedded database's home under /tmp (pgserver runs PostgreSQL as another user when we are root, and
    pytest's own temp dirs are private to us)."""
    path = Path(tempfile.mkdtemp(prefix="aqea-int-", dir="/tmp"))
    path.chmod(0o755)
    yield path
    stop_leftover_postgres(path)
    shutil.rmtree(path, ignore_errors=True)


def stop_leftover_postgres(data_dir: Path) -> None:
    """After a failed test: the PostgreSQL a killed CLI left must not outlive the test (SIGINT: fast shutdown)."""
    pid = Cli(data_dir, data_dir).postgres_pid()
    if pid is not None and alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)


@dataclass
class Cli:
    """The `aqea` CLI as a user runs it, against one embedded database (``data_dir``)."""

    data_dir: Path
    prefect_home: Path

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AQEA_"))}
        return {**env, "AQEA_DATA_DIR": str(self.data_dir), "PREFECT_HOME": str(self.prefect_home),
                "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
                "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}  # a busy machine

    def start(self, *args: str, **env: str) -> subprocess.Popen[str]:
        # own session: a signal to its process group is what a Ctrl-C in a terminal does
        return subprocess.Popen([sys.executable, "-m", "aqea.cli", *args], env={**self.env(), **env},
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)

    def run(self, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "aqea.cli", *args], env=self.env(), capture_output=True,
                              text=True, timeout=timeout)

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "pgdata"

    def dsn(self) -> str | None:
        """The embedded server's DSN while it runs (read from its postmaster.pid, without a pgserver handle)."""
        try:
            lines = (self.pgdata / "postmaster.pid").read_text().splitlines()
        except OSError:
            return None
        if len(lines) < 8 or lines[7].strip() != "ready":
            return None
        return f"postgresql://postgres:@/postgres?host={lines[4].strip()}&port={lines[3].strip()}"

    def postgres_pid(self) -> int | None:
        try:
            return int((self.pgdata / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def fetch(self, sql: str, *args: object) -> list[dict[str, object]]:
        dsn = self.dsn()
        assert dsn, "the embedded PostgreSQL is not running"

        async def go() -> list[dict[str, object]]:
            conn = await asyncpg.connect(dsn)
            try:
                return [dict(r) for r in await conn.fetch(sql, *args)]
            finally:
                await conn.close()

        return asyncio.run(go())

    def stored_pages(self) -> int:
        """Pages stored so far (0 while the database or the schema is not there yet)."""
        try:
            return int(self.fetch("SELECT coalesce(sum(pages_processed), 0) AS n FROM work_units")[0]["n"])
        except (AssertionError, OSError, asyncpg.PostgresError):
            return 0


def alive(pid: int) -> bool:
    """The pid runs (a zombie waiting for its parent to reap it does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def wait_until(check: Callable[[], bool], interval: float = 0.3) -> None:
    """Poll until ``check()`` is true; the surrounding no_hang bounds it."""
    while not check():
        time.sleep(interval)


def start_and_wait_for_pages(cli: Cli, *args: str) -> tuple[subprocess.Popen[str], list[int]]:
    """Start the CLI, wait until it stored a batch; returns it and its descendant processes at that moment."""
    proc = cli.start(*args)
    with no_hang(600):
        while cli.stored_pages() == 0:
            assert proc.poll() is None, f"the CLI ended before storing a page:\n{proc.communicate()[1]}"
            time.sleep(0.2)
    family = descendants(proc.pid)
    assert family, "the CLI runs no child processes (parsers, temporary Prefect API)?"
    return proc, family


def interrupt(proc: subprocess.Popen[str], sig: int, *, group: bool) -> tuple[int, str, float]:
    sent = time.monotonic()
    if group:
        os.killpg(proc.pid, sig)
    else:
        proc.send_signal(sig)
    with no_hang(300):
        _, err = proc.communicate()
    took = time.monotonic() - sent
    print(f"\n{signal.Signals(sig).name} ({'process group' if group else 'CLI only'}): exit "
          f"{proc.returncode} after {took:.1f} s")
    return proc.returncode, err, took


def assert_one_clear_line(err: str) -> int:
    lines = [line for line in err.splitlines() if line.startswith("interrupted after")]
    assert len(lines) == 1, err
    match = LINE.match(lines[0])
    assert match, lines[0]
    for noise in NOISE:
        assert noise not in err, err
    return int(match.group(1).replace(",", ""))


def assert_marked_interrupted(cli: Cli, pages: int) -> str:
    (run,) = cli.fetch("SELECT id, status, finished_at FROM extraction_runs ORDER BY started_at DESC LIMIT 1")
    assert run["status"] == "interrupted" and run["finished_at"] is not None
    units = cli.fetch("SELECT status, pages_processed FROM work_units WHERE run_id = $1", run["id"])
    statuses = {u["status"] for u in units}
    assert statuses <= {"completed", "interrupted"} and "interrupted" in statuses  # none left pending / processing
    assert sum(int(u["pages_processed"]) for u in units) == pages  # the line says what was stored
    return str(run["id"])


def assert_all_stopped(cli: Cli, family: list[int], postgres: int | None) -> None:
    """Parsers, the temporary Prefect API and the embedded PostgreSQL are gone (bounded wait, not timed)."""
    with no_hang(60):
        wait_until(lambda: not [p for p in family if alive(p)])
        wait_until(lambda: postgres is None or not alive(postgres))
    assert cli.postgres_pid() is None or not alive(cli.postgres_pid())


@contextlib.contextmanager
def database_up(cli: Cli) -> Iterator[None]:
    """The embedded PostgreSQL, started by a short-lived process that holds a pgserver handle (and stops it)."""
    holder = subprocess.Popen([sys.executable, "-c", "import sys; from aqea.store.embedded import start_embedded; "
                               "start_embedded(sys.argv[1]); print('up', flush=True); sys.stdin.read()",
                               str(cli.pgdata)], env=cli.env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        with no_hang(300):
            assert holder.stdout is not None and holder.stdout.readline().strip() == "up"
        yield
    finally:
        with no_hang(300):
            holder.communicate("")


def stored_entries(cli: Cli) -> list[tuple[object, ...]]:
    with database_up(cli):
        rows = cli.fetch("SELECT language, lemma, pos, homograph, address IS NOT NULL AS a FROM aqea_entries")
    return sorted(tuple(r.values()) for r in rows)


@pytest.fixture(scope="module")
def clean_entries(big_dump: Path, prefect_home: Path) -> Iterator[list[tuple]]:
    """What an uninterrupted run stores."""
    path = Path(tempfile.mkdtemp(prefix="aqea-int-", dir="/tmp"))
    path.chmod(0o755)
    cli = Cli(path, prefect_home)
    done = cli.run("extract", "--dump", str(big_dump), "--batch-pages", "50")
    assert done.returncode == 0, done.stderr
    yield stored_entries(cli)
    stop_leftover_postgres(path)
    shutil.rmtree(path, ignore_errors=True)


def test_ctrl_c_stops_in_order_and_the_same_command_resumes(
    big_dump: Path, prefect_home: Path, data_dir: Path, clean_entries: list[tuple]
) -> None:
    cli = Cli(data_dir, prefect_home)
    args = ("extract", "--dump", str(big_dump), "--batch-pages", "50")
    proc, family = start_and_wait_for_pages(cli, *args)
    postgres = cli.postgres_pid()
    code, err, _ = interrupt(proc, signal.SIGINT, group=True)  # a Ctrl-C reaches the whole process group
    assert code == 130, err
    pages = assert_one_clear_line(err)
    assert_all_stopped(cli, family, postgres)

    with database_up(cli):
        run_id = assert_marked_interrupted(cli, pages)
    status = cli.run("status", "--json")  # starts the database again, and stops it when done
    assert status.returncode == 0, status.stderr
    assert '"status": "interrupted"' in status.stdout
    assert cli.postgres_pid() is None or not alive(cli.postgres_pid())

    resumed = cli.run(*args)
    assert resumed.returncode == 0, resumed.stderr
    with database_up(cli):
        (rerun,) = cli.fetch("SELECT summary FROM extraction_runs WHERE id <> $1", run_id)
    skipped = json.loads(str(rerun["summary"]))["skipped"].get("unchanged revision", 0)  # plain asyncpg: text
    assert 0 < skipped <= pages  # the pages stored before the interrupt were not parsed again
    assert stored_entries(cli) == clean_entries  # every entry once, all addressed, as in a clean run


def test_sigterm_to_the_cli_alone_marks_the_run_interrupted_and_status_watch_ends(
    big_dump: Path, prefect_home: Path, data_dir: Path
) -> None:
    cli = Cli(data_dir, prefect_home)
    proc, family = start_and_wait_for_pages(cli, "extract", "--dump", str(big_dump), "--batch-pages", "50")
    postgres = cli.postgres_pid()
    code, err, _ = interrupt(proc, signal.SIGTERM, group=False)  # as `kill PID`, a service manager, docker stop
    assert code == 143, err
    pages = assert_one_clear_line(err)
    assert_all_stopped(cli, family, postgres)

    watcher = cli.start("status", "--watch", "--interval", "0.5")
    with no_hang(300):
        out, err = watcher.communicate()
    assert watcher.returncode == 0, err
    assert "· interrupted (local)" in out  # the run's status; --watch ended on it
    with database_up(cli):
        assert_marked_interrupted(cli, pages)


def test_sigkill_leaves_a_state_the_next_command_repairs(
    big_dump: Path, prefect_home: Path, data_dir: Path
) -> None:
    cli = Cli(data_dir, prefect_home)
    proc, family = start_and_wait_for_pages(cli, "extract", "--dump", str(big_dump), "--batch-pages", "50")
    postgres = cli.postgres_pid()
    proc.kill()
    with no_hang(300):
        proc.communicate()  # returns once every child holding its pipes is gone too
    with no_hang(60):  # parsers follow their parent, the temporary API gets its parent-death signal
        wait_until(lambda: not [p for p in family if alive(p)])
    assert postgres is not None and alive(postgres)  # daemonised by pg_ctl: nothing could stop it
    assert str(proc.pid) in (cli.pgdata / ".handle_pids.json").read_text()  # the dead CLI's handle is left
    (run,) = cli.fetch("SELECT status FROM extraction_runs")
    assert run["status"] == "running"

    status = cli.run("status")  # the next command: marks the orphaned run, prunes the handle, stops PostgreSQL
    assert status.returncode == 0, status.stderr
    assert "interrupted" in status.stdout
    with no_hang(60):
        wait_until(lambda: not alive(postgres))
    assert str(proc.pid) not in (cli.pgdata / ".handle_pids.json").read_text()

    again = cli.run("status", "--json")
    assert again.returncode == 0 and '"status": "interrupted"' in again.stdout
    assert cli.postgres_pid() is None or not alive(cli.postgres_pid())


def test_ctrl_c_during_sync_marks_it_interrupted_and_the_same_command_continues(
    mediawiki: TestWiki, wiki_proxy: FaultProxy, prefect_home: Path, data_dir: Path  # noqa: F811
) -> None:
    cli = Cli(data_dir, prefect_home)
    since = (datetime.now(UTC) - timedelta(seconds=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    words = [f"Unterbrechwort{chr(ord('a') + i)}" for i in range(6)]
    for word in words:
        mediawiki.edit(word, f"== {word} ({{{{Sprache|Deutsch}}}}) ==\n=== {{{{Wortart|Substantiv|Deutsch}}}}, "
                             f"{{{{n}}}} ===\n{{{{Bedeutungen}}}}\n:[1] ein Wort, das es nur in diesem Test gibt\n")
    wiki_proxy.inject("delay", count=30, delay=1.5)  # a slow wiki: the sync is still fetching when interrupted
    args = ("sync", "--api-url", wiki_proxy.api_url, "--edition", "dewiktionary", "--since", since)
    proc = cli.start(*args, AQEA_SYNC_BATCH="1")  # one changed page per request and batch
    with no_hang(600):
        while cli.stored_pages() == 0:
            assert proc.poll() is None, f"the sync ended before storing a page:\n{proc.communicate()[1]}"
            time.sleep(0.2)
    family = descendants(proc.pid)
    postgres = cli.postgres_pid()
    code, err, _ = interrupt(proc, signal.SIGINT, group=True)
    assert code == 130, err
    pages = assert_one_clear_line(err)
    assert_all_stopped(cli, family, postgres)
    with database_up(cli):
        assert_marked_interrupted(cli, pages)
        stored = {r["lemma"] for r in cli.fetch("SELECT lemma FROM aqea_entries")}
    assert 0 < len(stored & set(words)) < len(words)  # interrupted halfway

    wiki_proxy.reset()
    resumed = cli.run(*args)
    assert resumed.returncode == 0, resumed.stderr
    with database_up(cli):
        rows = cli.fetch("SELECT lemma, count(*) AS n FROM aqea_entries WHERE lemma LIKE 'Unterbrechwort%' "
                         "GROUP BY lemma")
    assert {r["lemma"]: r["n"] for r in rows} == dict.fromkeys(words, 1)  # the rest stored, each entry once


def dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_only_runs_whose_process_is_gone_are_marked_interrupted(dsn: str) -> None:
    from aqea.processes import this_process
    from aqea.store.db import open_migrated
    from aqea.store.runs import interrupt_orphaned_runs, register_units, start_run

    me = this_process()
    owners = {  # run id → (host, pid, start time) of its owner
        "killed": (me.host, dead_pid(), 1.0),
        "pid-reused": (me.host, me.pid, (me.started or 0) + 1),  # this pid, but a later process than the owner
        "live": (me.host, me.pid, me.started),
        "other-host": ("another-host.example", dead_pid(), 1.0),
    }

    async def go() -> tuple[list[str], dict[str, str], dict[str, str]]:
        conn = await open_migrated(dsn)
        try:
            for run_id, (host, pid, started) in owners.items():
                await start_run(conn, run_id, source="dewiktionary", language="de", dump="x", flow_run_id=None,
                                units=2)
                await register_units(conn, run_id, [("a", {"unit_id": "a"}), ("b", {"unit_id": "b"})],
                                     source="dewiktionary", language="de")
                await conn.execute("UPDATE work_units SET status = 'completed' WHERE id = $1", f"{run_id}/a")
                await conn.execute("UPDATE extraction_runs SET owner_host = $2, owner_pid = $3, owner_started = $4 "
                                   "WHERE id = $1", run_id, host, pid, started)
            marked = await interrupt_orphaned_runs(conn)
            runs = {r["id"]: r["status"] for r in await conn.fetch("SELECT id, status FROM extraction_runs")}
            units = {r["id"]: r["status"] for r in await conn.fetch("SELECT id, status FROM work_units")}
            return marked, runs, units
        finally:
            await conn.close()

    marked, runs, units = asyncio.run(go())
    assert sorted(marked) == ["killed", "pid-reused"]
    assert runs == {"killed": "interrupted", "pid-reused": "interrupted", "live": "running", "other-host": "running"}
    assert units["killed/a"] == "completed" and units["killed/b"] == "interrupted"  # finished units keep their end
    assert units["live/b"] == "pending"


def test_dead_pids_are_pruned_from_pgservers_handle_list(tmp_path: Path) -> None:
    from aqea.store.embedded import HANDLE_PIDS, prune_dead_handles

    gone = dead_pid()
    (tmp_path / HANDLE_PIDS).write_text(json.dumps([gone, os.getpid()]))
    assert prune_dead_handles(tmp_path) == [gone]
    assert json.loads((tmp_path / HANDLE_PIDS).read_text()) == [os.getpid()]
