"""Every user error is one line and exit code 2, found before anything is created (issue 10).

The CLI runs for real (typer's CliRunner, or a subprocess where Prefect's settings must come from the
environment); "nothing created" is checked where it happens: the AQEA schema of a fresh database, the work
pools of a real Prefect server.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aqea.cli import app
from aqea.errors import ConfigError
from aqea.settings import Settings
from tests.db import fetch
from tests.mediawiki_server import TestWiki, mediawiki  # noqa: F401  (fixture)
from tests.samples import DE_DUMP

runner = CliRunner()
AQEA = Path(sys.executable).with_name("aqea")
WIKIMEDIA_API = "https://de.wiktionary.org/w/api.php"  # never contacted: the check comes first


@pytest.fixture(autouse=True)
def clean_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """This machine's AQEA_* variables and config files stay out of the tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("AQEA_DATA_DIR", str(tmp_path / "data"))
    for key in [k for k in os.environ if k.startswith("AQEA_") and k != "AQEA_DATA_DIR"]:
        monkeypatch.delenv(key)


def one_line_error(output: str, code: int) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), f"exit {code}:\n{output}"
    assert "Traceback" not in output
    return lines[0]


def cli(*args: str) -> str:
    """Run `aqea …` in this process; the single error line it must print."""
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return one_line_error(result.output, result.exit_code)


def schema_exists(dsn: str) -> bool:
    """Whether anything touched the database: the first migration creates extraction_runs."""
    return fetch(dsn, "SELECT to_regclass('public.extraction_runs') IS NOT NULL AS there")[0]["there"]


# ---------------------------------------------------------------------------------------------- editions


@pytest.mark.parametrize(("edition", "says"), [
    ("eswiktionary", "no parser for edition 'eswiktionary'; supported: dewiktionary, enwiktionary, frwiktionary"),
    ("enwiktionary", "is dewiktionary, not enwiktionary: its pages would be parsed with the wrong edition's "
                     "rules (pass --force-edition to do it anyway)"),
])
@pytest.mark.usefixtures("prefect_api")
def test_an_unsupported_or_contradicting_edition_registers_no_run(dsn: str, edition: str, says: str) -> None:
    line = cli("extract", "--dump", str(DE_DUMP), "--edition", edition, "--database-url", dsn)
    assert says in line
    assert not schema_exists(dsn)  # refused before the database was even opened: no run, no unit


def test_the_flow_refuses_a_contradicting_edition_unless_forced() -> None:
    from flows.extract import plan_run

    def plan(**kwargs: object) -> str:
        return asyncio.run(plan_run(Settings(), dump=str(DE_DUMP), api_url=None, units=None, from_title=None,
                                    to_title=None, **kwargs)).edition  # type: ignore[arg-type]

    with pytest.raises(ConfigError, match="is dewiktionary, not enwiktionary"):
        plan(edition="enwiktionary")  # a deployment run checks too, before it registers anything
    with pytest.raises(ConfigError, match="no parser for edition 'xxwiktionary'"):
        plan(edition="xxwiktionary", force_edition=True)  # forcing does not invent a parser
    assert plan(edition="enwiktionary", force_edition=True) == "enwiktionary"
    assert plan(edition=None) == "dewiktionary"


# ------------------------------------------------------------------------------------------ settings, DSN


@pytest.mark.parametrize("args", [["--database-url", "mysql://aqea:hunter2@db/aqea"], []])
def test_another_database_scheme_is_one_line(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    if not args:
        monkeypatch.setenv("AQEA_DATABASE_URL", "mysql://aqea:hunter2@db/aqea")
    line = cli("extract", "--dump", str(DE_DUMP), *args)
    assert "database URL has scheme 'mysql'" in line and "hunter2" not in line
    assert ("AQEA_DATABASE_URL" in line) == (not args)  # says where the value came from


def test_a_prefect_style_database_url_is_used(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_DATABASE_URL", dsn.replace("postgresql://", "postgresql+asyncpg://", 1))
    result = runner.invoke(app, ["db", "migrate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert schema_exists(dsn)


def test_a_non_integer_setting_names_it_and_its_value(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AQEA_BATCH_PAGES", "abc")
    line = cli("extract", "--dump", str(DE_DUMP), "--database-url", dsn)
    assert line.startswith("error: AQEA_BATCH_PAGES='abc': input should be a valid integer")
    assert not schema_exists(dsn)


@pytest.mark.parametrize(("text", "says"), [
    (None, "AQEA_CONFIG_FILE names {file}, which does not exist"),
    ("batch_pages = 10\nparse_workers =\n",
     "config file {file} is not valid TOML: Invalid value (at line 2, column 16)"),
    ("batch_page = 10\n", "config file {file}: unknown setting 'batch_page' (did you mean 'batch_pages'?); "
                          "valid settings: database_url, data_dir, batch_pages, parse_workers"),
    ('parse_workers = "many"\n', "{file}: parse_workers='many': input should be a valid integer"),
])
def test_config_file_mistakes_are_one_line_and_change_nothing(
    dsn: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, text: str | None, says: str,
) -> None:
    config = tmp_path / "settings.toml"
    if text is not None:
        config.write_text(text)
    monkeypatch.setenv("AQEA_CONFIG_FILE", str(config))
    line = cli("db", "migrate", "--database-url", dsn)
    assert says.format(file=config) in line
    assert not schema_exists(dsn)


def test_an_empty_database_url_means_the_embedded_database() -> None:
    data = Path(tempfile.mkdtemp(prefix="aqea-ue-", dir="/tmp"))  # short: unix socket paths are length-limited
    env = {k: v for k, v in os.environ.items() if not k.startswith("AQEA_")}
    env["AQEA_DATABASE_URL"] = ""  # was: connect to whatever listens on localhost:5432
    done = subprocess.run([str(AQEA), "db", "migrate", "--data-dir", str(data)], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"starting the embedded PostgreSQL in {data / 'pgdata'}" in done.stderr.replace("\n", "")
    assert "schema at version" in done.stdout


# --------------------------------------------------------------------------------------------- API runs


@pytest.mark.parametrize("command", ["extract", "sync"])
def test_a_missing_api_contact_names_the_variable_and_the_flag(dsn: str, command: str) -> None:
    line = cli(command, "--api-url", WIKIMEDIA_API, "--database-url", dsn)
    assert "de.wiktionary.org" in line and "AQEA_API_CONTACT" in line and "--api-contact" in line
    assert "contact=" not in line  # not a Python argument
    assert not schema_exists(dsn)  # said before the embedded database / Prefect start


def test_an_unsupported_edition_for_an_api_run_is_refused_before_any_request(dsn: str) -> None:
    line = cli("extract", "--api-url", WIKIMEDIA_API, "--api-contact", "me@example.org", "--edition", "eswiktionary",
               "--database-url", dsn)
    assert "no parser for edition 'eswiktionary'" in line
    assert not schema_exists(dsn)


# ---------------------------------------------------------------------------------------- prefect setup


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def setup_command(api_url: str, *args: str, **env: str) -> tuple[int, str]:
    """`aqea prefect setup` in its own process: Prefect reads PREFECT_API_URL from the environment."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("AQEA_", "PREFECT_"))}
    done = subprocess.run([str(AQEA), "prefect", "setup", "--pool-type", "process", *args],
                          env={**base, "PREFECT_API_URL": api_url, **env}, capture_output=True, text=True, timeout=300)
    return done.returncode, done.stdout + done.stderr


def test_an_unreachable_prefect_api_is_one_line() -> None:
    url = f"http://127.0.0.1:{closed_port()}/api"
    code, output = setup_command(url, "--database-url", "postgresql://aqea@db/aqea")
    line = one_line_error(output, code)
    assert f"cannot reach the Prefect API at {url}" in line and "PREFECT_API_URL" in line


@pytest.fixture
def harness_api_url(prefect_api: None) -> str:
    from prefect.settings import PREFECT_API_URL

    url = PREFECT_API_URL.value()
    assert url
    return url


def pools_on(url: str) -> set[str]:
    from prefect.client.orchestration import get_client

    async def read() -> set[str]:
        async with get_client() as client:
            return {p.name for p in await client.read_work_pools()}

    return asyncio.run(read())


@pytest.mark.parametrize(("args", "says"), [
    ([], "deployed runs need one shared database: pass --database-url (or set AQEA_DATABASE_URL)"),
    (["--database-url", "mysql://aqea@db/aqea"], "--database-url: database URL has scheme 'mysql'"),
    (["--database-url", "postgresql://aqea@db/aqea", "--zombie-within", "50", "--heartbeat-frequency", "60"],
     "zombie window 50 s must exceed the heartbeat frequency 60 s"),
    (["--no-database-block", "--notify-block", "slack-webhook/no-such-block"],
     "notification block slack-webhook/no-such-block does not exist"),
])
def test_setup_checks_every_option_before_it_creates_anything(harness_api_url: str, args: list[str],
                                                              says: str) -> None:
    before = pools_on(harness_api_url)
    code, output = setup_command(harness_api_url, *args)
    assert says in one_line_error(output, code)
    assert not {name for name in pools_on(harness_api_url) - before if name.startswith("aqea-")}


# --------------------------------------------------------------------------------- deployed flow runs


@pytest.fixture
def as_deployed_flow_run(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Prefect's documented runtime overrides: flow_run.id / deployment.id as a worker's flow run sees them."""
    monkeypatch.setenv("PREFECT__RUNTIME__FLOW_RUN__ID", "0b0e6a8e-0000-4000-8000-000000000001")
    monkeypatch.setenv("PREFECT__RUNTIME__DEPLOYMENT__ID", "0b0e6a8e-0000-4000-8000-000000000002")
    yield


@pytest.mark.usefixtures("prefect_api", "as_deployed_flow_run")
def test_a_deployed_run_refuses_the_embedded_database() -> None:
    from flows.config import database_url

    with pytest.raises(ConfigError, match="deployed flow run without a shared database: no AQEA_DATABASE_URL on "
                                          "this worker and no aqea-database/aqea-database block"):
        asyncio.run(database_url(Settings()))
    assert not (Path(os.environ["AQEA_DATA_DIR"]) / "pgdata").exists()  # no private database was started


@pytest.mark.usefixtures("prefect_api", "as_deployed_flow_run")
def test_a_deployed_run_uses_the_block_and_an_explicit_url(monkeypatch: pytest.MonkeyPatch) -> None:
    from blocks.aqea import AqeaDatabase
    from flows.config import database_url

    asyncio.run(AqeaDatabase(dsn="postgresql+asyncpg://aqea:pw@db/aqea").asave("aqea-ue-shared", overwrite=True))
    monkeypatch.setenv("AQEA_DATABASE_BLOCK", "aqea-ue-shared")
    assert asyncio.run(database_url(Settings())) == "postgresql://aqea:pw@db/aqea"
    monkeypatch.setenv("AQEA_DATABASE_URL", "postgres://aqea:pw@worker-db/aqea")  # set on the worker: wins
    assert asyncio.run(database_url(Settings())) == "postgresql://aqea:pw@worker-db/aqea"


def test_an_edition_contradicting_the_wikis_siteinfo_is_one_line(
    mediawiki: TestWiki, dsn: str  # noqa: F811
) -> None:
    line = cli("extract", "--api-url", mediawiki.api_url, "--edition", "enwiktionary", "--database-url", dsn)
    assert f"{mediawiki.api_url} is dewiktionary, not enwiktionary" in line and "--force-edition" in line
    assert not schema_exists(dsn)


def test_sync_with_an_edition_contradicting_the_wiki_is_one_line(
    mediawiki: TestWiki, dsn: str  # noqa: F811
) -> None:
    line = cli("sync", "--api-url", mediawiki.api_url, "--edition", "enwiktionary", "--database-url", dsn)
    assert f"{mediawiki.api_url} is dewiktionary, not enwiktionary" in line
    assert not schema_exists(dsn)


# ---------------------------------------------------------------------------------------------- --source


@pytest.mark.parametrize(("args", "says"), [
    (["--source", "wordnet-oewn", "/nowhere/english-wordnet.xml"], "WN-LMF file not found: /nowhere"),
    (["--source", "wordnet-pwn30", "/nowhere"], "Princeton WordNet 3.0 not found: /nowhere"),
    (["--source", "wordnet-omw", "tests/data/wordnet/omw"], "choose it with --edition omw-cldr|omw-wikt"),
    (["--source", "wordnet-oewn", "tests/data/wordnet/oewn-lmf/english-wordnet-2025.xml.xz", "--language", "de"],
     "(language en), not de"),
])
def test_a_wrong_source_input_is_one_line_before_anything_starts(
    dsn: str, args: list[str], says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The source's own plan checks its input before the database and Prefect start: no traceback above it."""
    monkeypatch.chdir(Path(__file__).resolve().parents[1])  # the relative data paths
    line = cli("extract", *args, "--database-url", dsn)
    assert says in line, line
    assert not schema_exists(dsn)
