"""Host-side steps of scripts/stack-test.sh that need Python: the sample dump, the local reference run, the
deployed run with a provider worker's container killed mid-unit, and the comparison of the two databases.

Run with the project's venv; PREFECT_API_URL points at the stack's server (published on 127.0.0.1).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import asyncpg

REPO = Path(__file__).resolve().parents[1]
DE_SAMPLE = REPO / "tests" / "data" / "dewiktionary-sample.xml.bz2"
SAMPLE_PAGES = 220  # pages of the German sample (tests/test_distributed.py checks the same sum)


async def _fetch(dsn: str, query: str, *args: Any) -> list[asyncpg.Record]:
    conn = await asyncpg.connect(dsn)
    try:
        return await conn.fetch(query, *args)
    finally:
        await conn.close()


def fetch(dsn: str, query: str, *args: Any) -> list[asyncpg.Record]:
    return asyncio.run(_fetch(dsn, query, *args))


def snapshot(dsn: str) -> dict[tuple[str, str, str, int], tuple[str | None, str, str]]:
    """Every entry by natural key: its address, label and content hash."""
    rows = fetch(dsn, "SELECT language, lemma, pos, homograph, address, label, content_hash FROM aqea_entries")
    return {(r["language"], r["lemma"], r["pos"], r["homograph"]): (r["address"], r["label"], r["content_hash"])
            for r in rows}


def write_dump(out_dir: Path) -> Path:
    from aqea.sources.dump import iter_pages
    from aqea.sources.multistream import siteinfo_xml_of, write_multistream

    out = out_dir / "dewiktionary-stack-pages-articles-multistream.xml.bz2"
    write_multistream(iter_pages(DE_SAMPLE), out, siteinfo_xml=siteinfo_xml_of(DE_SAMPLE), pages_per_stream=10)
    out.chmod(0o644)  # read by the containers' non-root user
    return out


def wait_for(predicate: Any, timeout: float, what: str, interval: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise SystemExit(f"stack-test: timed out after {timeout:.0f} s waiting for {what}")


async def _final_state(flow_run_id: str, timeout: float) -> Any:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = await client.read_flow_run(flow_run_id)
            if run.state and run.state.is_final():
                return run.state
            await asyncio.sleep(1)
    raise SystemExit(f"stack-test: flow run {flow_run_id} not final after {timeout:.0f} s")


async def _start_parent(params: dict[str, Any]) -> str:
    from prefect.client.orchestration import get_client

    async with get_client() as client:
        deployment = await client.read_deployment_by_name("extract-language/control")
        run = await client.create_flow_run_from_deployment(deployment.id, parameters=params)
        return str(run.id)


def run_with_kill(dsn: str, dump_in_container: str, victim_container: str, victim_provider: str) -> dict[str, Any]:
    """Start the parent, kill the victim provider's worker container mid-unit, wait for the parent to finish."""
    flow_run_id = asyncio.run(_start_parent({"dump": dump_in_container, "units": 3, "run_id": "stack-kill"}))
    print(f"stack-test: parent flow run {flow_run_id} started")
    midway: dict[str, Any] = {}

    def unit_midway() -> bool:
        try:
            rows = fetch(dsn, """SELECT w.unit_key, w.pages_processed FROM work_units w
                                 JOIN aqea_entries e ON e.meta->>'flow_run_id' = w.flow_run_id
                                 WHERE w.status = 'processing' AND w.pages_processed BETWEEN 4 AND 40
                                   AND e.meta->>'cloud_provider' = $1 LIMIT 1""", victim_provider)
        except asyncpg.UndefinedTableError:  # the parent has not migrated the database yet
            return False
        if rows:
            midway.update(dict(rows[0]))
        return bool(rows)

    wait_for(unit_midway, 300, f"a {victim_provider} unit in the middle of its work", interval=0.05)
    subprocess.run(["podman", "kill", victim_container], check=True, capture_output=True)
    killed_at = time.monotonic()
    print(f"stack-test: killed {victim_container} during unit {midway['unit_key']} "
          f"({midway['pages_processed']} pages stored)")
    state = asyncio.run(_final_state(flow_run_id, 600))
    print(f"stack-test: parent {state.type.value} {time.monotonic() - killed_at:.0f} s after the kill")
    if not state.is_completed():
        raise SystemExit(f"stack-test: the parent ended {state.type.value}: {state.message}")
    return midway


def check(dsn: str, reference_dsn: str, midway: dict[str, Any], victim_provider: str) -> None:
    units = {u["unit_key"]: u for u in fetch(
        dsn, "SELECT unit_key, status, cloud_provider, attempts, dispatch_log, pages_processed FROM work_units")}
    problems = []
    if {u["status"] for u in units.values()} != {"completed"}:
        problems.append(f"units not all completed: {[(k, u['status']) for k, u in units.items()]}")
    stored = sum(u["pages_processed"] for u in units.values())
    if stored != SAMPLE_PAGES:
        problems.append(f"{stored} pages stored, expected each of {SAMPLE_PAGES} exactly once")
    victim = units[midway["unit_key"]]
    log = victim["dispatch_log"]
    log = json.loads(log) if isinstance(log, str) else log
    if victim["attempts"] < 2 or victim["cloud_provider"] == victim_provider:
        problems.append(f"killed unit not redone on another provider: {dict(victim)}")
    elif log[0]["provider"] != victim_provider or log[0]["state"] != "CRASHED":
        problems.append(f"killed unit's first attempt not recorded as crashed on {victim_provider}: {log}")
    stack, reference = snapshot(dsn), snapshot(reference_dsn)
    if not reference:
        problems.append("the local reference run stored nothing")
    if stack != reference:
        missing, extra = reference.keys() - stack.keys(), stack.keys() - reference.keys()
        changed = [k for k in reference.keys() & stack.keys() if reference[k] != stack[k]]
        problems.append(f"stack database differs from the local run: {len(missing)} missing, {len(extra)} extra, "
                        f"{len(changed)} with another address/label (e.g. {(sorted(missing) + changed)[:3]})")
    if problems:
        raise SystemExit("stack-test: " + "; ".join(problems))
    print(f"stack-test: {len(stack)} entries, addresses and labels equal to the local run; unit "
          f"{midway['unit_key']} crashed on {victim_provider} and completed on {victim['cloud_provider']} "
          f"(attempt {victim['attempts']}); {stored} pages stored once each")


def reference_run(dsn: str, dump: Path) -> None:
    """The same dump extracted on the host by one process (in-process subflows) into an empty database."""
    import os

    code = ("import asyncio; from flows.extract import extract_language; "
            f"s = asyncio.run(extract_language(dump={str(dump)!r}, units=1, return_state=True)); "
            "assert s.is_completed(), s.message")
    env = {**os.environ, "AQEA_DATABASE_URL": dsn, "AQEA_PARSE_WORKERS": "1"}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=REPO, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("dump").add_argument("out_dir", type=Path)
    ref = sub.add_parser("reference")
    ref.add_argument("dsn")
    ref.add_argument("dump", type=Path)
    run = sub.add_parser("run")
    for name in ("dsn", "reference_dsn", "dump_in_container", "victim_container", "victim_provider"):
        run.add_argument(name)
    args = parser.parse_args()
    if args.command == "dump":
        print(write_dump(args.out_dir))
    elif args.command == "reference":
        reference_run(args.dsn, args.dump)
    else:
        midway = run_with_kill(args.dsn, args.dump_in_container, args.victim_container, args.victim_provider)
        check(args.dsn, args.reference_dsn, midway, args.victim_provider)


if __name__ == "__main__":
    main()
