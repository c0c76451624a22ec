"""A PostgreSQL restart under a running `aqea extract` (real CLI process, real server, real restart): the run
completes, every entry stored exactly once — the same entries and addresses as a run without a restart."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from aqea.sources.multistream import siteinfo_xml_of, write_multistream
from tests.db import fetch
from tests.prefect_server import BIN, REPO, debian_pg_bin, free_port
from tests.samples import DE_DUMP, replicated_pages

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(debian_pg_bin() is None, reason="Debian PostgreSQL is not installed "
                       "(run scripts/install-postgresql.sh)"),
]

PAGES = 3000  # with one parser and batches of 50 pages the run takes long enough to restart under it


@dataclass
class Postgres:
    """A Debian PostgreSQL cluster in a temp dir, started, stopped and restarted with pg_ctl."""

    root: Path
    port: int = 0

    def _as_owner(self, *args: str) -> list[str]:
        return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)  # initdb refuses root

    def pg_ctl(self, *args: str) -> None:
        bin_dir = debian_pg_bin()
        assert bin_dir is not None
        subprocess.run(self._as_owner(str(bin_dir / "pg_ctl"), "-D", str(self.root / "data"), *args), check=True,
                       capture_output=True, timeout=120)

    def init(self) -> None:
        bin_dir = debian_pg_bin()
        assert bin_dir is not None
        (self.root / "sock").mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.root / "sock", "postgres")
        subprocess.run(self._as_owner(str(bin_dir / "initdb"), "-D", str(self.root / "data"), "-U", "postgres",
                                      "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"),
                       check=True, capture_output=True)
        self.port = free_port()
        self.start()

    def start(self) -> None:
        self.pg_ctl("-l", str(self.root / "postgres.log"), "-w", "-o",
                    f"-p {self.port} -h 127.0.0.1 -k {self.root / 'sock'} -c fsync=off", "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")  # aborts open transactions, closes every connection

    def dsn(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        fetch(self.dsn("postgres"), f'CREATE DATABASE "{name}"')


@pytest.fixture(scope="module")
def postgres() -> Iterator[Postgres]:
    pg = Postgres(Path(tempfile.mkdtemp(prefix="aqea-restart-", dir="/tmp")))
    try:
        pg.init()
        yield pg
    finally:
        with contextlib.suppress(Exception):
            pg.stop()
        shutil.rmtree(pg.root, ignore_errors=True)




@pytest.fixture(scope="module")
def dump(postgres: Postgres) -> Path:
    path = postgres.root / "restart-multistream.xml.bz2"
    write_multistream(replicated_pages(PAGES), path, index_path=postgres.root / "restart-multistream-index.txt.bz2",
                      siteinfo_xml=siteinfo_xml_of(DE_DUMP))
    return path


def start_extract(postgres: Postgres, dump: Path, database: str, **settings: str) -> subprocess.Popen[str]:
    """`aqea extract` as a user runs it, with its own temporary Prefect API (no PREFECT_API_URL)."""
    home = postgres.root / f"prefect-{database}"
    home.mkdir(exist_ok=True)
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AQEA_"))},
           "AQEA_DATABASE_URL": postgres.dsn(database), "PREFECT_HOME": str(home), "DO_NOT_TRACK": "1",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PYTHONUNBUFFERED": "1", "COLUMNS": "160",
           # the temporary Prefect API's start-up limit (20 s) is too short on a busy shared CI machine
           "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180", **settings}
    # one unit: batches are stored in page order, so which page gets a contested natural key (and so every
    # entry's content) does not depend on timing, and runs compare entry for entry
    return subprocess.Popen([str(BIN / "aqea"), "extract", "--dump", str(dump), "--units", "1", "--workers", "1",
                             "--batch-pages", "50"], env=env, cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def snapshot(dsn: str) -> dict[tuple[str, str, str, int], tuple[str, str | None]]:
    rows = fetch(dsn, "SELECT language, lemma, pos, homograph, content_hash, address FROM aqea_entries")
    return {(r["language"], r["lemma"], r["pos"], r["homograph"]): (r["content_hash"], r["address"]) for r in rows}


def stored_pages(dsn: str) -> int:
    """Pages the run has stored so far (0 before it created its tables)."""
    try:
        return int(fetch(dsn, "SELECT coalesce(sum(pages_processed), 0) AS n FROM work_units")[0]["n"])
    except Exception as exc:
        if "does not exist" in str(exc):
            return 0
        raise


def counts(dsn: str) -> dict[str, Any]:
    return {
        "entries": fetch(dsn, "SELECT count(*) AS n FROM aqea_entries")[0]["n"],
        "pages": fetch(dsn, "SELECT sum(pages_processed) AS n FROM work_units")[0]["n"],
        "relations": fetch(dsn, "SELECT count(*) AS n FROM relations")[0]["n"],
        "rejected": fetch(dsn, "SELECT count(*) AS n FROM rejected_pages")[0]["n"],
        "units": [(u["status"], u["error"]) for u in fetch(dsn, "SELECT status, error FROM work_units")],
    }


@pytest.fixture(scope="module")
def clean(postgres: Postgres, dump: Path) -> str:
    """The database of the same extraction without any outage."""
    postgres.create_database("clean")
    started = time.monotonic()
    run = start_extract(postgres, dump, "clean")
    out, _ = run.communicate(timeout=900)
    assert run.returncode == 0, out
    print(f"\nclean run: {time.monotonic() - started:.1f} s")
    return postgres.dsn("clean")


def stop_when_under_way(postgres: Postgres, run: subprocess.Popen[str], dsn: str) -> int:
    """Stop PostgreSQL once the run has stored some batches (most still to come); returns pages stored then."""
    deadline = time.monotonic() + 600  # a hang guard, not a timing
    while stored_pages(dsn) < 100:
        assert run.poll() is None, f"the run ended before the database went away:\n{run.communicate()[0]}"
        assert time.monotonic() < deadline, "no 100 pages stored after 600 s"
        time.sleep(0.1)
    stopped_at = stored_pages(dsn)
    postgres.stop()  # fast shutdown: open transactions abort, every connection closes
    return stopped_at


def test_a_postgres_restart_mid_run_loses_and_duplicates_nothing(postgres: Postgres, dump: Path, clean: str) -> None:
    postgres.create_database("restarted")
    dsn = postgres.dsn("restarted")
    started = time.monotonic()
    run = start_extract(postgres, dump, "restarted")
    try:
        stopped_at = stop_when_under_way(postgres, run, dsn)
        time.sleep(4)
        postgres.start()
        out, _ = run.communicate(timeout=900)
    finally:
        if run.poll() is None:
            run.kill()
    print(f"\nrun with a restart after {stopped_at} of {PAGES} pages: {time.monotonic() - started:.1f} s")

    assert run.returncode == 0, out
    assert "database unavailable" in out  # it did run into the outage, and said so in one line a wait
    assert "Traceback" not in out and "InterfaceError" not in out, out
    assert stopped_at < PAGES
    after, before = counts(dsn), counts(clean)
    assert after == before and after["pages"] == PAGES  # every page counted once: checkpoints stayed exact
    assert {status for status, _ in after["units"]} == {"completed"}
    assert snapshot(dsn) == snapshot(clean)  # same entries, keys and addresses: none lost or doubled


def test_a_database_away_beyond_the_window_fails_in_one_line_and_a_rerun_completes(
    postgres: Postgres, dump: Path, clean: str
) -> None:
    postgres.create_database("away")
    dsn = postgres.dsn("away")
    short = {"AQEA_DB_RETRY_ATTEMPTS": "3", "AQEA_DB_RETRY_DELAY": "0.5"}  # a window of 1.5 s
    run = start_extract(postgres, dump, "away", **short)
    try:
        stopped_at = stop_when_under_way(postgres, run, dsn)
        out, _ = run.communicate(timeout=600)  # gives up while the database is still away
    finally:
        if run.poll() is None:
            run.kill()
        postgres.start()

    assert run.returncode == 1, out
    last = [line for line in out.splitlines() if line.strip()][-1]
    assert "did not complete: database unavailable for" in last and "(3 attempts)" in last, out
    assert stopped_at <= stored_pages(dsn) < PAGES
    assert "completed" not in {status for status, _ in counts(dsn)["units"]}  # left to resume, none claims success

    rerun = start_extract(postgres, dump, "away")  # the same command again, the database back
    out, _ = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, out
    assert snapshot(dsn) == snapshot(clean)
