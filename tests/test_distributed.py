"""Distributed runs on a real Prefect server (PostgreSQL-backed) with real process workers.

Two provider pools stand in for hetzner and digitalocean; the parent runs on its own control pool and worker.
Deployed from the checkout with the real `prefect deploy`, started with `prefect deployment run`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aqea.sources.dump import iter_pages
from aqea.sources.multistream import siteinfo_xml_of, write_multistream
from tests.db import fetch
from tests.prefect_server import BIN, REPO, Stack, debian_pg_bin, descendants, make_stack, wait_for
from tests.samples import DE_DUMP

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(debian_pg_bin() is None, reason="Debian PostgreSQL is not installed (a Prefect server "
                       "needs it: run scripts/install-postgresql.sh)"),
]

SYNC_API_URL = "http://127.0.0.1:9/w/api.php"  # scheduled, never run here: nothing listens on port 9
DEPLOYMENTS = ["extract-language/control", "process-work-unit/hetzner", "process-work-unit/digitalocean",
               "process-work-unit/linode"]


def snapshot(dsn: str) -> dict[tuple[str, str, str, int], tuple[str, str | None]]:
    rows = fetch(dsn, "SELECT language, lemma, pos, homograph, content_hash, address FROM aqea_entries")
    return {(r["language"], r["lemma"], r["pos"], r["homograph"]): (r["content_hash"], r["address"]) for r in rows}


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    """PostgreSQL (Prefect's database + AQEA databases), server, pools/limits/automations, deployments."""
    s = make_stack()
    try:
        started = time.monotonic()
        s.start_postgres(["prefect", "aqea_one", "aqea_two", "reference"])
        s.start_server()
        # the setup command under test; short zombie window so a killed run is detected within the test
        s.cli(str(BIN / "python"), "-m", "aqea.cli_ops", "prefect", "setup", "--pool-type", "process",
              "--database-url", s.dsn("aqea_one"), "--heartbeat-frequency", "30", "--zombie-within", "45")
        # as a user deploys (docs/deployment.md: the scheduled sync needs the wiki's api.php)
        deployed = s.cli(str(BIN / "prefect"), "--no-prompt", "deploy", "--all",
                         env=s.env(AQEA_SYNC_API_URL=SYNC_API_URL))
        for name in DEPLOYMENTS:
            assert name.split("/")[1] in deployed
        print(f"stack ready in {time.monotonic() - started:.1f} s")
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dumps") / "dewiktionary-dist-pages-articles-multistream.xml.bz2"
    write_multistream(iter_pages(DE_DUMP), out, siteinfo_xml=siteinfo_xml_of(DE_DUMP), pages_per_stream=10)
    return out


def start_workers(stack: Stack, dsn: str, tag: str, batch_pages: int, **control_env: str) -> dict[str, Any]:
    common = {"AQEA_DATABASE_URL": dsn, "AQEA_PARSE_WORKERS": "1", "AQEA_BATCH_PAGES": str(batch_pages),
              "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": "30", "AQEA_CODE_DIR": str(REPO)}
    return {
        "control": stack.start_worker(f"control-{tag}", "aqea-control", "extract", **common,
                                      AQEA_WORKER_ID=f"control-{tag}", **control_env),
        "hetzner": stack.start_worker(f"hetzner-{tag}", "aqea-hetzner", limit=2, **common,
                                      AQEA_CLOUD_PROVIDER="hetzner", AQEA_WORKER_ID=f"hetzner-{tag}"),
        "digitalocean": stack.start_worker(f"do-{tag}", "aqea-digitalocean", limit=1, **common,
                                           AQEA_CLOUD_PROVIDER="digitalocean", AQEA_WORKER_ID=f"do-{tag}"),
    }


def run_parent(stack: Stack, params: dict[str, Any]) -> str:
    for proc in stack.procs:
        assert proc.stopped or proc.popen.poll() is None, f"{proc.name} exited:\n{proc.tail()}"
    out = stack.cli(str(BIN / "prefect"), "deployment", "run", "extract-language/control",
                    "--params", json.dumps(params))
    match = re.search(r"UUID: ([0-9a-f-]{36})", out)
    assert match, out
    return match.group(1)


def wait_final(stack: Stack, flow_run_id: str, timeout: float) -> Any:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def final() -> Any:
        async with get_client() as client:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                run = await client.read_flow_run(flow_run_id)
                if run.state and run.state.is_final():
                    return run
                await asyncio.sleep(1)
        raise TimeoutError(f"flow run {flow_run_id} not final after {timeout} s")

    with temporary_settings({PREFECT_API_URL: stack.api_url}):
        return asyncio.run(final())


def reference_snapshot(stack: Stack, dump: Path) -> dict[Any, Any]:
    """The same dump extracted by one process (in-process subflows, one unit) into an empty database."""
    dsn = stack.dsn("reference")
    if not fetch(dsn, "SELECT to_regclass('aqea_entries') IS NOT NULL AS t")[0]["t"] or not snapshot(dsn):
        code = ("import asyncio; from flows.extract import extract_language; "
                f"s = asyncio.run(extract_language(dump={str(dump)!r}, units=1, return_state=True)); "
                "assert s.is_completed(), s.message")
        stack.cli(str(BIN / "python"), "-c", code, env=stack.env(AQEA_DATABASE_URL=dsn, AQEA_PARSE_WORKERS="1"))
    return snapshot(dsn)


def test_units_spread_over_two_providers_by_weight_and_match_a_single_process_run(
    stack: Stack, dump: Path
) -> None:
    dsn = stack.dsn("aqea_one")
    started = time.monotonic()
    workers = start_workers(stack, dsn, "a", batch_pages=10, AQEA_PROVIDER_WEIGHTS="hetzner=2,digitalocean=1,linode=0")
    try:
        run_id = run_parent(stack, {"dump": str(dump), "units": 6, "run_id": "dist-weights"})
        parent = wait_final(stack, run_id, 150)
        assert parent.state.is_completed(), f"{parent.state.message}\n{workers['control'].tail()}"
    finally:
        for w in workers.values():
            w.stop()
    print(f"distributed run: {time.monotonic() - started:.1f} s")

    units = fetch(dsn, "SELECT unit_key, status, cloud_provider, attempts, pages_processed FROM work_units")
    assert len(units) == 6 and {u["status"] for u in units} == {"completed"}
    by_provider = {p: sum(u["cloud_provider"] == p for u in units) for p in ("hetzner", "digitalocean")}
    assert by_provider == {"hetzner": 4, "digitalocean": 2}  # weights 2:1
    assert sum(u["pages_processed"] for u in units) == 220 and {u["attempts"] for u in units} == {1}
    # provenance: entries were written by both provider workers, each unit's by its own provider
    writers = fetch(dsn, "SELECT DISTINCT meta->>'cloud_provider' AS p, meta->>'worker_id' AS w FROM aqea_entries")
    assert {(r["p"], r["w"]) for r in writers} == {("hetzner", "hetzner-a"), ("digitalocean", "do-a")}
    assert snapshot(dsn) == reference_snapshot(stack, dump)


def test_a_killed_worker_does_not_lose_or_duplicate_entries(stack: Stack, dump: Path) -> None:
    dsn = stack.dsn("aqea_two")
    started = time.monotonic()
    # small batches: units take long enough to be killed in the middle; units never started on the dead
    # provider move after 20 s
    workers = start_workers(stack, dsn, "b", batch_pages=2, AQEA_PROVIDER_WEIGHTS="hetzner=2,digitalocean=1,linode=0",
                            AQEA_DISPATCH_START_TIMEOUT="20")
    killed_unit = None
    try:
        flow_run_id = run_parent(stack, {"dump": str(dump), "units": 3, "run_id": "dist-kill"})

        def hetzner_unit_midway() -> bool:
            nonlocal killed_unit
            rows = fetch(dsn, """SELECT w.unit_key, w.pages_processed FROM work_units w
                                 JOIN aqea_entries e ON e.meta->>'flow_run_id' = w.flow_run_id
                                 WHERE w.status = 'processing' AND w.pages_processed BETWEEN 4 AND 40
                                   AND e.meta->>'cloud_provider' = 'hetzner' LIMIT 1""")
            if rows:
                killed_unit = rows[0]
            return bool(rows)

        wait_for(hetzner_unit_midway, 120, "a hetzner unit in the middle of its work", interval=0.05)
        hetzner = workers["hetzner"]
        for pid in [hetzner.popen.pid, *descendants(hetzner.popen.pid)]:  # the worker and its flow processes
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        parent = wait_final(stack, flow_run_id, 300)
        assert parent.state.is_completed(), f"{parent.state.message}\n{workers['control'].tail(80)}"
    finally:
        for w in workers.values():
            w.stop()
    print(f"kill test: {time.monotonic() - started:.1f} s, recovered {time.monotonic() - killed_at:.1f} s after "
          f"the kill of unit {killed_unit}")

    units = {u["unit_key"]: u for u in fetch(
        dsn, "SELECT unit_key, status, cloud_provider, attempts, dispatch_log, pages_processed FROM work_units")}
    assert {u["status"] for u in units.values()} == {"completed"}
    assert sum(u["pages_processed"] for u in units.values()) == 220  # each page stored exactly once
    victim = units[killed_unit["unit_key"]]
    assert victim["attempts"] >= 2 and victim["cloud_provider"] == "digitalocean", victim
    assert victim["dispatch_log"][0]["state"] == "CRASHED" and victim["dispatch_log"][0]["provider"] == "hetzner"
    assert snapshot(dsn) == reference_snapshot(stack, dump)  # nothing lost, nothing duplicated


def test_the_server_schedules_runs_of_the_scheduled_sync_deployment(stack: Stack) -> None:
    """The real scheduler service creates runs for `sync-changes/every-15-min`, each with its api_url.

    Prefect 3.8.8's scheduler under SQLAlchemy 2.1 fails ("Can't evaluate bulk DML statement") and schedules
    none: the lock file pins 2.0, and this test is what notices a set that breaks it.
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def scheduled() -> list[Any]:
        async with get_client() as client:
            deployment = await client.read_deployment_by_name("sync-changes/every-15-min")
            assert deployment.parameters == {"api_url": SYNC_API_URL}
            assert [s.schedule.cron for s in deployment.schedules] == ["*/15 * * * *"]
            return await client.read_flow_runs(
                deployment_filter=DeploymentFilter(name=DeploymentFilterName(any_=["every-15-min"])),
                flow_run_filter=FlowRunFilter(
                    state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED]))),
            )

    runs: list[Any] = []

    def some_scheduled() -> bool:
        nonlocal runs
        with temporary_settings({PREFECT_API_URL: stack.api_url}):
            runs = asyncio.run(scheduled())
        return bool(runs)

    wait_for(some_scheduled, 120, "scheduled runs of sync-changes/every-15-min (the server's scheduler)")
    times = sorted(r.expected_start_time for r in runs)
    assert all(t.minute % 15 == 0 and t.second == 0 for t in times)
    assert all(r.parameters == {"api_url": SYNC_API_URL} for r in runs)
