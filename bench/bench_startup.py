"""Start-up of a small run: the real `aqea extract` on the 220-page German sample, N times, wall time per phase.

Scenarios: a fresh embedded data directory (initdb) vs a warm one, each with Prefect's temporary API; and, when
Debian's PostgreSQL is installed (tests/prefect_server.py), a warm one against a running `prefect server`
(PREFECT_API_URL set). Phases are read from the CLI's own output as it arrives:

  start      process start → first status line (Python imports, settings)
  services   first status line → "Extracting …" (embedded PostgreSQL, migrations, Prefect API)
  run        "Extracting …" → the summary table (the flow: plan, units, addresses, links)
  exit       summary → process exit (stopping the temporary API and the embedded PostgreSQL)
  work       the summary's own "elapsed" (run row created → summary)

    .venv/bin/python bench/bench_startup.py [--runs 3] [--no-server] [--components]

``--components`` also times the parts alone, each in a fresh process: importing the flows (Prefect), starting
the embedded PostgreSQL (fresh / warm), starting Prefect's temporary API. ``--pythonpath`` runs another checkout's
code with this venv (e.g. the code before a change, for a before/after figure). Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.prefect_server import debian_pg_bin, make_stack  # noqa: E402
from tests.samples import DE_DUMP  # noqa: E402

AQEA = Path(sys.executable).parent / "aqea"
PHASES = ("start", "services", "run", "exit", "total", "work")


def run_extract(data_dir: Path, env: dict[str, str]) -> dict[str, float]:
    """One `aqea extract` of the sample; seconds per phase (from the first time each marker line appears)."""
    started = time.monotonic()
    proc = subprocess.Popen([str(AQEA), "extract", "--dump", str(DE_DUMP), "--data-dir", str(data_dir)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPO)
    seen: dict[str, float] = {}
    lines: list[str] = []

    def read(stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            now = time.monotonic() - started
            lines.append(line)
            for marker, pattern in (("status", r"PostgreSQL|Prefect API"), ("extracting", r"^Extracting "),
                                    ("summary", r"Run \S+-\d{8}T")):
                if marker not in seen and re.search(pattern, line):
                    seen[marker] = now

    readers = [threading.Thread(target=read, args=(s,)) for s in (proc.stdout, proc.stderr)]
    for r in readers:
        r.start()
    code = proc.wait()
    total = time.monotonic() - started
    for r in readers:
        r.join()
    text = "".join(lines)
    if code != 0 or len(seen) < 3:
        raise RuntimeError(f"aqea extract exited {code}; markers seen {sorted(seen)}:\n{text[-3000:]}")
    work = re.search(r"elapsed\s*│\s*([\d.,]+) s", text)
    return {"start": seen["status"], "services": seen["extracting"] - seen["status"],
            "run": seen["summary"] - seen["extracting"], "exit": total - seen["summary"], "total": total,
            "work": float(work.group(1).replace(",", "")) if work else float("nan")}


def report(name: str, runs: list[dict[str, float]]) -> None:
    cells = "  ".join(f"{p} {statistics.median(r[p] for r in runs):5.1f}" for p in PHASES)
    totals = ", ".join(f"{r['total']:.1f}" for r in runs)
    print(f"{name:<40} {cells}   (median of {len(runs)}; totals {totals})", flush=True)


def scenario(name: str, runs: int, env: dict[str, str], fresh: bool) -> None:
    results = []
    root = Path(tempfile.mkdtemp(prefix="aqea-bench-", dir="/tmp"))
    try:
        if not fresh:  # warm: initdb and one run before the measured ones
            run_extract(root / "warm", env)
        for i in range(runs):
            results.append(run_extract(root / (f"fresh-{i}" if fresh else "warm"), env))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report(name, results)


def timed(code: str, env: dict[str, str]) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=REPO, capture_output=True)
    return time.monotonic() - started


def components(env: dict[str, str]) -> None:
    base = timed("pass", env)
    print(f"python itself: {base:.2f} s", flush=True)
    print(f"import aqea.cli: {timed('import aqea.cli', env) - base:.2f} s")
    print(f"import flows.extract (Prefect): {timed('import flows.extract', env) - base:.2f} s", flush=True)
    root = Path(tempfile.mkdtemp(prefix="aqea-bench-", dir="/tmp"))
    start_pg = ("from pathlib import Path; from aqea.store.embedded import start_embedded; "
                f"start_embedded(Path({str(root / 'pg')!r}))")
    pg_import = timed("import pgserver, aqea.store.embedded", env)
    print(f"embedded PostgreSQL, fresh (initdb + start + stop): {timed(start_pg, env) - pg_import:.2f} s")
    print(f"embedded PostgreSQL, warm (start + stop): {timed(start_pg, env) - pg_import:.2f} s", flush=True)
    shutil.rmtree(root, ignore_errors=True)
    api_import = timed("from prefect.server.api.server import SubprocessASGIServer", env)
    api = timed("from prefect.server.api.server import SubprocessASGIServer\n"
                "s = SubprocessASGIServer(); s.start(); s.stop()", env)
    print(f"Prefect temporary API (start + stop, after its import): {api - api_import:.2f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-server", action="store_true", help="skip the running-Prefect-server scenario")
    parser.add_argument("--components", action="store_true", help="also time the start-up parts alone")
    parser.add_argument("--pythonpath", help="PYTHONPATH for the CLI, e.g. another checkout's src:root")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "AQEA_"))}
    env.update(DO_NOT_TRACK="1", PREFECT_SERVER_ANALYTICS_ENABLED="false", COLUMNS="200")
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; seconds per phase:", flush=True)
    if args.components:
        components(env)
    scenario("fresh data dir, temporary Prefect API", args.runs, env, fresh=True)
    scenario("warm data dir, temporary Prefect API", args.runs, env, fresh=False)
    if args.no_server or debian_pg_bin() is None:
        print("running Prefect server: skipped" + ("" if args.no_server else " (no Debian PostgreSQL for it)"))
        return
    stack = make_stack()
    try:
        stack.start_postgres(["prefect"])
        stack.start_server()
        scenario("warm data dir, running Prefect server", args.runs, {**env, "PREFECT_API_URL": stack.api_url},
                 fresh=False)
    finally:
        stack.close()
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
