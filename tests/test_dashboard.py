"""The dashboard in a real browser during a real extraction.

A real PostgreSQL holds a finished run of the German sample and a second, larger run (real sample pages replicated
with unique titles) that is still running: the `aqea extract` process group is paused with SIGSTOP after it stored
its first batches, so the database stands still while headless Chromium (Debian's ``chromium``) opens `aqea serve`'s
page; then it resumes and is interrupted with Ctrl-C. The test reads what the browser shows (the DOM after scripts)
and compares the figures with the database's. The screenshot is kept: ``test-artifacts/dashboard.png``.

Before the first run, ``address_blocks`` is given the state an earlier allocation leaves when German noun
subcategory blocks and every German verb block are used up (the table only ever records addresses handed out), so
the real allocator overflows nouns into unclassified blocks and leaves the verbs without an address: the grid must
show both.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from aqea.sources.multistream import siteinfo_xml_of, write_multistream
from aqea.store.allocate import FIRST_OVERFLOW, LAST_SEMANTIC
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.taxonomy.registry import registry
from tests.db import fetch
from tests.hang_guard import no_hang
from tests.samples import DE_DUMP, replicated_pages
from tests.test_http_api import Server, api  # noqa: F401  (api: a served database, read-only role)

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
PAGES = 2400  # about a dozen units: the run is still busy when it is paused after its first batches
PREFECT_UI = "http://prefect.example.test:4200"
NOUN, VERB = 1, 2


def _need_chromium() -> None:
    if os.path.isfile(CHROMIUM):
        return
    message = "chromium is not installed (make system-deps: scripts/install-chromium.sh)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: a failure, not a skip)", pytrace=False)
    pytest.skip(message)


class Figures(HTMLParser):
    """Every element with a data-* attribute: its attributes and the text a user sees in it."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[dict[str, Any]] = []
        self.links: list[str] = []
        self.title = ""
        self._open: list[dict[str, Any]] = []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        self._in_title = tag == "title"
        if tag in ("meta", "link", "br", "line", "polyline", "polygon", "input", "img"):
            return  # void elements (and SVG shapes closed in place)
        element = {"tag": tag, "attrs": a, "text": ""}
        if any(k.startswith("data-") for k in a):
            self.elements.append(element)
        self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i]["tag"] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        for element in self._open:
            element["text"] += data

    def all(self, attribute: str) -> dict[str, str]:
        """{attribute value: visible text} of the elements carrying ``attribute``."""
        return {e["attrs"][attribute]: " ".join(e["text"].split()) for e in self.elements if attribute in e["attrs"]}


def _number(text: str) -> int:
    return int(text.replace(",", "").strip())


def _seed_full_blocks(dsn: str) -> None:
    """German noun subcategory blocks and every German verb block used up, in every domain of the series."""
    series = registry().series("de")
    rows = [(d, NOUN, ee, 255) for d in series for ee in range(1, LAST_SEMANTIC + 1)]
    rows += [(d, VERB, ee, 255) for d in series for ee in range(256)]

    async def go() -> None:
        conn = await connect(dsn)
        try:
            await migrate(conn)
            await conn.executemany("INSERT INTO address_blocks (domain, category, subcategory, last_element) "
                                   "VALUES ($1, $2, $3, $4)", rows)
        finally:
            await conn.close()

    asyncio.run(go())


def _cli_env(dsn: str, prefect_home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AQEA_"))}
    return {**env, "AQEA_DATABASE_URL": dsn, "PREFECT_HOME": str(prefect_home), "DO_NOT_TRACK": "1",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "180"}


@contextlib.contextmanager
def paused_extraction(dsn: str, dump: Path, prefect_home: Path) -> Iterator[str]:
    """`aqea extract` running on ``dump``; once it stored new entries, its process group is stopped (SIGSTOP) for
    the block and the run id is yielded; afterwards it resumes and gets a Ctrl-C (SIGINT to the group)."""
    proc = subprocess.Popen([sys.executable, "-m", "aqea.cli", "extract", "--dump", str(dump), "--batch-pages", "20"],
                            env=_cli_env(dsn, prefect_home), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    stopped = False
    try:
        with no_hang(600):
            while True:
                assert proc.poll() is None, f"the extraction ended before it was observed:\n{proc.communicate()[1]}"
                # checked while stopped, so what the page is compared with cannot move on between the check and
                # the stop (a unit completing just before the next one starts): otherwise go on and look again
                os.killpg(proc.pid, signal.SIGSTOP)
                stopped = True
                (row,) = fetch(dsn, """
                    SELECT max(r.id) AS run, coalesce(sum(u.entries_new), 0) AS new,
                           count(*) FILTER (WHERE u.status = 'processing') AS processing
                    FROM extraction_runs r LEFT JOIN work_units u ON u.run_id = r.id WHERE r.status = 'running'""")
                # (the sample's own titles come first: unchanged since the first run)
                if row["new"] > 0 and row["processing"] > 0:
                    break
                os.killpg(proc.pid, signal.SIGCONT)
                stopped = False
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=0.3)
        yield row["run"]
    finally:
        if stopped:
            os.killpg(proc.pid, signal.SIGCONT)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        with no_hang(300):
            _, err = proc.communicate()
        print(f"\nthe extraction ended with exit {proc.returncode} after its Ctrl-C")
        assert proc.returncode in (0, 130), err


def _browser(url: str, screenshot: Path) -> str:
    """The page's DOM after its scripts ran, and a screenshot of it, from headless Chromium."""
    common = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
              "--virtual-time-budget=3000", f"--user-data-dir={screenshot.parent / 'chromium-profile'}"]
    with no_hang(300):
        shot = subprocess.run([*common, "--window-size=1400,1900", f"--screenshot={screenshot}", url],
                              capture_output=True, text=True, timeout=240)
        dom = subprocess.run([*common, "--dump-dom", url], capture_output=True, text=True, timeout=240)
    assert shot.returncode == 0 and screenshot.stat().st_size > 10_000, shot.stderr
    assert dom.returncode == 0 and "</main>" in dom.stdout, dom.stderr
    return dom.stdout


def test_the_dashboard_shows_the_databases_figures_during_a_running_extraction(
        dsn: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _need_chromium()
    prefect_home = tmp_path / "prefect-home"
    dump = tmp_path / "dewiktionary-big-multistream.xml.bz2"
    write_multistream(replicated_pages(PAGES), dump, index_path=tmp_path / "dewiktionary-big-multistream-index.txt.bz2",
                      siteinfo_xml=siteinfo_xml_of(DE_DUMP))
    _seed_full_blocks(dsn)
    first = subprocess.run([sys.executable, "-m", "aqea.cli", "extract", "--dump", str(DE_DUMP)],
                           env=_cli_env(dsn, prefect_home), capture_output=True, text=True, timeout=900)
    assert first.returncode == 0, first.stderr

    monkeypatch.setenv("PREFECT_UI_URL", PREFECT_UI)
    with paused_extraction(dsn, dump, prefect_home) as run_id:
        server = Server(dsn, tmp_path / "serve.log")
        try:
            screenshot = tmp_path / "dashboard.png"
            dom = _browser(f"{server.url}/", screenshot)
        finally:
            log = server.stop()
        artifact = ROOT / "test-artifacts" / "dashboard.png"
        artifact.parent.mkdir(exist_ok=True)
        shutil.copyfile(screenshot, artifact)
        print(f"\nscreenshot: {screenshot} (copied to {artifact})")
        page = Figures()
        page.feed(dom)
        _assert_runs(page, dsn, run_id)
        _assert_entries(page, dsn)
        _assert_address_space(page, dsn)
    assert "no Prefect API to ask (PREFECT_API_URL is not set)" in page.all("data-figure")["workers"]
    assert "Traceback" not in log


def _assert_runs(page: Figures, dsn: str, run_id: str) -> None:
    runs = fetch(dsn, "SELECT id, status, flow_run_id FROM extraction_runs ORDER BY started_at")
    assert [r["status"] for r in runs] == ["completed", "running"] and runs[1]["id"] == run_id
    assert page.title == "AQEA dashboard · de running"
    listed = [e["attrs"]["data-run"] for e in page.elements if e["tag"] == "tr" and "data-run" in e["attrs"]]
    assert listed == [run_id, runs[0]["id"]]  # newest first
    for r in runs:  # each run's flow run, linked into the Prefect UI
        assert f"{PREFECT_UI}/runs/flow-run/{r['flow_run_id']}" in page.links

    units = fetch(dsn, "SELECT unit_key, status, pages_processed, entries_processed, flow_run_id FROM work_units "
                       "WHERE run_id = $1 ORDER BY unit_key", run_id)
    assert len(units) > 1 and any(u["status"] == "processing" for u in units)
    (run,) = [e for e in page.elements if e["tag"] == "section" and e["attrs"].get("id") == "run"]
    assert run["attrs"]["data-run"] == run_id and "running" in run["text"]
    shown = _section_figures(page, "run")
    assert _number(shown["processed"]) == sum(u["pages_processed"] for u in units) > 0
    assert _number(shown["entries"]) == sum(u["entries_processed"] for u in units)
    states = {k: _number(v) for k, v in page.all("data-units").items()}
    assert states["total"] == len(units)
    for state in ("completed", "processing", "pending"):
        assert states.get(state, 0) == sum(1 for u in units if u["status"] == state), state
    rows = {e["attrs"]["data-unit"]: e["text"] for e in page.elements if "data-unit" in e["attrs"]}
    assert sorted(rows) == [u["unit_key"] for u in units]
    for u in units:
        assert u["status"] in rows[u["unit_key"]]
        assert f"{u['pages_processed']:,}" in rows[u["unit_key"]]
        if u["flow_run_id"]:
            assert f"{PREFECT_UI}/runs/flow-run/{u['flow_run_id']}" in page.links
    assert float(_chart_peak(page)) > 0  # the rate chart has the paused run's pages


def _section_figures(page: Figures, section: str) -> dict[str, str]:
    """data-figure → text of the figures in the big-number row of a section (the first of each name)."""
    out: dict[str, str] = {}
    inside = False
    for e in page.elements:
        if e["tag"] == "section":
            inside = e["attrs"].get("id") == section
        elif inside and "data-figure" in e["attrs"] and e["tag"] == "span":
            out.setdefault(e["attrs"]["data-figure"], e["text"])
    return out


def _chart_peak(page: Figures) -> str:
    (chart,) = [e for e in page.elements if e["tag"] == "svg"]
    return chart["attrs"]["data-peak"]


def _assert_entries(page: Figures, dsn: str) -> None:
    expected = {f"{r['language']}/{r['category'] if r['category'] is not None else '-'}": r["n"]
                for r in fetch(dsn, "SELECT language, category, count(*) AS n FROM aqea_entries GROUP BY 1, 2")}
    shown = {k: _number(v) for k, v in page.all("data-entries").items()}
    assert shown == expected
    totals = {r["language"]: r["n"] for r in fetch(dsn, "SELECT language, count(*) AS n FROM aqea_entries GROUP BY 1")}
    assert {k: _number(v) for k, v in page.all("data-total").items()} == totals
    (pending,) = fetch(dsn, "SELECT count(*) AS n FROM aqea_entries WHERE address IS NULL AND unaddressed_reason "
                            "IS NULL AND language = 'de'")
    assert pending["n"] > 0  # the running extraction's entries wait for their addresses


def _assert_address_space(page: Figures, dsn: str) -> None:
    handed = {f"0x{r['domain']:02X}/{r['category']}": int(r["n"]) for r in fetch(
        dsn, "SELECT domain, category, sum(last_element) AS n FROM address_blocks GROUP BY 1, 2")}
    cells = {e["attrs"]["data-cell"]: e for e in page.elements if "data-cell" in e["attrs"]}
    for key, n in handed.items():
        cell = cells[key]
        assert int(cell["attrs"]["data-handed-out"]) == n, key
        assert f"{n:,} of 65,280 addresses handed out" in cell["attrs"]["title"], key
        assert cell["text"].strip() == (str(n) if n < 1000 else f"{n / 1000:.0f}k"), key
    assert all(int(c["attrs"]["data-handed-out"]) == 0 for k, c in cells.items() if k not in handed)

    de = registry().series("de")
    (overflowed,) = fetch(dsn, """SELECT count(*) AS n FROM aqea_entries WHERE language = 'de' AND category = $1
                                  AND subcategory BETWEEN 1 AND $2 AND ((address_int >> 8) & 255) >= $3""",
                          NOUN, LAST_SEMANTIC, FIRST_OVERFLOW)
    assert overflowed["n"] > 0  # the allocator really overflowed nouns with a subcategory
    primary = cells[f"0x{de[0]:02X}/{NOUN}"]
    assert int(primary["attrs"]["data-overflowed"]) == overflowed["n"] and "overflow" in primary["attrs"]["class"]
    (exhausted,) = fetch(dsn, "SELECT count(*) AS n FROM aqea_entries WHERE language = 'de' AND category = $1 "
                              "AND unaddressed_reason LIKE 'address space full%'", VERB)
    assert exhausted["n"] > 0
    for d in de:  # every domain of the series is full in that category, and shows it
        cell = cells[f"0x{d:02X}/{VERB}"]
        assert int(cell["attrs"]["data-exhausted"]) == exhausted["n"] and "exhausted" in cell["attrs"]["class"]
        assert cell["attrs"]["data-handed-out"] == str(256 * 255) and "(100.00%)" in cell["attrs"]["title"]


def test_the_dashboard_document_over_the_read_only_role_before_any_run(api: dict[str, Any]) -> None:  # noqa: F811
    """`/v1/dashboard` as JSON, `/` and its script, served through the documented read-only role; a database
    with entries (and a concept) but no run yet; an unknown run is a problem document."""
    client = api["client"]
    answer = client.get("/v1/dashboard")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/json"
    doc = answer.json()
    assert doc["runs"] == [] and doc["selected"] is None
    assert doc["workers"] == {"available": False, "reason": "PREFECT_API_URL is not set"}
    expected = {(r["language"], r["category"]): r["n"] for r in fetch(
        api["admin"], "SELECT language, category, count(*) AS n FROM aqea_entries GROUP BY 1, 2")}
    assert {(e["language"], e["category"]): e["entries"] for e in doc["entries"]} == expected
    handed = {(f"0x{r['domain']:02X}", r["category"]): int(r["n"]) for r in fetch(
        api["admin"], "SELECT domain, category, sum(last_element) AS n FROM address_blocks GROUP BY 1, 2")}
    shown = {(d["domain"], c["category"]): c["handed_out"] for d in doc["address_space"]["domains"]
             for c in d["cells"] if c["handed_out"]}
    (concept,) = fetch(api["admin"], "SELECT address_int >> 24 AS domain FROM aqea_entries WHERE language = 'ili'")
    assert shown == handed and (f"0x{concept['domain']:02X}", NOUN) in shown  # the concept's domain too
    assert {d["domain"]: d["owner"] for d in doc["address_space"]["domains"]}[f"0x{concept['domain']:02X}"] == "ili"

    unknown = client.get("/v1/dashboard", params={"run": "no-such-run"})
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"
    assert unknown.json()["type"] == "/problems/no-run"
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "No extraction run recorded yet." in page.text and 'src="/static/dashboard.js"' in page.text
    script = client.get("/static/dashboard.js")
    assert script.status_code == 200 and script.headers["content-type"].startswith("text/javascript")
    assert "DOMParser" in script.text


def test_workers_show_per_provider_from_a_real_prefect_api(prefect_api: None) -> None:
    """Workers that registered with the pools of deployments/providers.toml (real heartbeats to a real Prefect
    API), grouped by the provider whose pool they pull from; a pool of no provider's is not asked for."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate

    from aqea.api.dashboard import _name_providers
    from aqea.api.dashboard_page import _workers
    from aqea.status import add_workers

    async def go() -> dict[str, Any]:
        async with get_client() as client:
            for pool, worker in (("aqea-hetzner", "hetzner-1"), ("aqea-hetzner", "hetzner-2"),
                                 ("aqea-linode", "linode-1"), ("aqea-control", "control-1"),
                                 ("someone-elses", "stranger")):
                with contextlib.suppress(Exception):  # the pool may exist from another test of the session
                    await client.create_work_pool(WorkPoolCreate(name=pool, type="process"))
                await client.send_worker_heartbeat(pool, worker, heartbeat_interval_seconds=30)
        doc: dict[str, Any] = {}
        await add_workers(doc)
        return doc["workers"]

    workers = asyncio.run(go())
    assert workers["available"] is True, workers
    _name_providers(workers)
    mine = {w["name"]: w["provider"] for w in workers["details"] if w["name"] in
            ("hetzner-1", "hetzner-2", "linode-1", "control-1", "stranger")}
    assert mine == {"hetzner-1": "hetzner", "hetzner-2": "hetzner", "linode-1": "linode", "control-1": "control"}
    page = Figures()
    page.feed(_workers(workers))
    groups = page.all("data-provider")
    assert "hetzner-1" in groups["hetzner"] and "hetzner-2" in groups["hetzner"] and "linode-1" not in groups["hetzner"]
    assert "pool aqea-hetzner" in groups["hetzner"] and "linode-1" in groups["linode"]
    assert "control-1" in groups["control"] and "stranger" not in " ".join(groups.values())
