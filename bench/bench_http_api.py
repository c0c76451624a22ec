"""HTTP API read speed: address look-ups per second and their latency through `aqea serve`.

Starts an embedded PostgreSQL (pgserver) in a temporary folder, stores ``--pages`` real German pages
(tests/samples.replicated_pages: parse, upsert, addresses, links, as a run stores them), starts
``aqea serve --port 0 --no-access-log`` on 127.0.0.1 (one uvicorn process, its read-only asyncpg pool), and then
for ``--duration`` seconds after a warm-up, ``--concurrency`` httpx.AsyncClient tasks in ``--clients`` client
processes each loop over ``GET /v1/entries/{address}`` of random stored addresses (hex form), one request in
flight per task. Prints requests/s, latency p50/p95/p99/max (measured by the client: queueing in the client
counts) and any non-200 answers.

Client, server and PostgreSQL share the machine's cores, so on 2 cores the figure is a floor of what the server
does alone; `top` during a run shows who takes them.

    .venv/bin/python bench/bench_http_api.py --pages 2000 --concurrency 16 --duration 20
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


async def _store(dsn: str, pages: int) -> list[str]:
    from aqea.pipeline import process_pages
    from aqea.store.allocate import allocate_pending
    from aqea.store.db import connect
    from aqea.store.migrate import migrate
    from aqea.store.relations import resolve_relations
    from aqea.store.upsert import upsert_entries
    from tests.samples import replicated_pages

    conn = await connect(dsn)
    try:
        await migrate(conn)
        batch: list = []
        for page in replicated_pages(pages):
            batch.append(page)
            if len(batch) == 400:
                async with conn.transaction():
                    await upsert_entries(conn, list(process_pages(batch, "dewiktionary").entries),
                                         source="dewiktionary")
                batch = []
        if batch:
            async with conn.transaction():
                await upsert_entries(conn, list(process_pages(batch, "dewiktionary").entries), source="dewiktionary")
        await allocate_pending(conn)
        await resolve_relations(conn)
        return [r["address"] for r in await conn.fetch("SELECT address FROM aqea_entries WHERE address IS NOT NULL")]
    finally:
        await conn.close()


def _client(url: str, addresses: list[str], concurrency: int, warmup: float, duration: float, seed: int,
            results: multiprocessing.Queue) -> None:
    import httpx

    async def main() -> None:
        latencies: list[float] = []
        failures: dict[int, int] = {}
        rng = random.Random(seed)
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
            start = time.perf_counter()
            measure_from, stop_at = start + warmup, start + warmup + duration

            async def worker() -> None:
                while (now := time.perf_counter()) < stop_at:
                    r = await client.get(f"/v1/entries/{rng.choice(addresses)}")
                    done = time.perf_counter()
                    if now >= measure_from:
                        latencies.append(done - now)
                        if r.status_code != 200:
                            failures[r.status_code] = failures.get(r.status_code, 0) + 1

            await asyncio.gather(*(worker() for _ in range(concurrency)))
        results.put((latencies, failures))

    asyncio.run(main())


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds the processes have used (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / os.sysconf("SC_CLK_TCK")


def postgres_pids(pgdata: Path) -> list[int]:
    """The postmaster and its children (the backends serving the API)."""
    postmaster = int((pgdata / "postmaster.pid").read_text().split()[0])
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == postmaster:
                children.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return [postmaster, *children]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2000, help="German pages to store (copies of the sample)")
    parser.add_argument("--concurrency", type=int, default=16, help="requests in flight per client process")
    parser.add_argument("--clients", type=int, default=1, help="client processes")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds before measuring")
    parser.add_argument("--pool-size", type=int, default=8, help="aqea serve --pool-size")
    parser.add_argument("--workers", type=int, default=1, help="aqea serve --workers (server processes)")
    parser.add_argument("--ab", action="store_true", help="also measure with ApacheBench (ab -k, a C client "
                        "much lighter than httpx) on one address, to show the server's share of the limit")
    args = parser.parse_args()

    import pgserver

    os.environ.setdefault("DO_NOT_TRACK", "1")
    folder = Path(tempfile.mkdtemp(prefix="aqea-bench-api-", dir="/tmp"))
    server = pgserver.get_server(folder / "pgdata", cleanup_mode="stop")
    dsn = server.get_uri()
    serve = None
    try:
        t = time.perf_counter()
        addresses = asyncio.run(_store(dsn, args.pages))
        print(f"stored {args.pages:,} pages: {len(addresses):,} addressed entries ({time.perf_counter() - t:.1f} s)")
        log = folder / "serve.log"
        env = {**os.environ, "AQEA_DATABASE_URL": dsn}
        serve = subprocess.Popen([str(ROOT / ".venv/bin/aqea"), "serve", "--port", "0", "--no-access-log",
                                  "--pool-size", str(args.pool_size), "--workers", str(args.workers)],
                                 env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        while (match := re.search(r"AQEA API at (http://\S+) ", log.read_text())) is None:
            if serve.poll() is not None:
                sys.exit(f"aqea serve ended:\n{log.read_text()}")
            time.sleep(0.1)
        url = match.group(1)
        import httpx

        while True:
            try:
                httpx.get(f"{url}/openapi.json")
                break
            except httpx.TransportError:
                time.sleep(0.1)
        results: multiprocessing.Queue = multiprocessing.Queue()
        clients = [multiprocessing.Process(target=_client, args=(url, addresses, args.concurrency, args.warmup,
                                                                  args.duration, seed, results))
                   for seed in range(args.clients)]
        # `aqea serve --workers N`: the server processes are the forked children of the one started
        children = subprocess.run(["pgrep", "-P", str(serve.pid)], capture_output=True, text=True).stdout.split()
        api_pids = [serve.pid, *map(int, children)]
        server_pids = [serve.pid, *postgres_pids(folder / "pgdata")]
        before = time.perf_counter(), cpu_seconds(api_pids), cpu_seconds(server_pids[1:])
        for c in clients:
            c.start()
        gathered = [results.get() for _ in clients]
        for c in clients:
            c.join()
        wall = time.perf_counter() - before[0]
        api_cpu = cpu_seconds(api_pids) - before[1]
        pg_cpu = cpu_seconds(postgres_pids(folder / "pgdata")[:1] + server_pids[1:]) - before[2]
        latencies = sorted(x for lat, _ in gathered for x in lat)
        failures: dict[int, int] = {}
        for _, f in gathered:
            for code, n in f.items():
                failures[code] = failures.get(code, 0) + n
        q = statistics.quantiles(latencies, n=100)
        print(f"client: httpx {httpx.__version__} AsyncClient, {args.clients} process(es) x {args.concurrency} "
              f"requests in flight, keep-alive; server: {args.workers} uvicorn process(es), pool {args.pool_size} "
              f"each; {os.cpu_count()} cores shared by client, server and PostgreSQL")
        print(f"GET /v1/entries/{{address}}: {len(latencies) / args.duration:,.0f} requests/s over "
              f"{args.duration:g} s ({len(latencies):,} requests); latency ms p50 {q[49] * 1e3:.1f} "
              f"p95 {q[94] * 1e3:.1f} p99 {q[98] * 1e3:.1f} max {latencies[-1] * 1e3:.1f}; non-200: {failures or 0}")
        print(f"CPU over the {wall:.1f} s of the clients: aqea serve {api_cpu:.1f} s "
              f"({100 * api_cpu / wall:.0f} % of a core), PostgreSQL {pg_cpu:.1f} s; load average "
              f"{os.getloadavg()[0]:.1f} (other processes on the machine count too)")
        if args.ab:
            n = int(max(1000, len(latencies)))
            ab = subprocess.run(["ab", "-k", "-q", "-c", str(args.concurrency * args.clients), "-n", str(n),
                                 f"{url}/v1/entries/{addresses[0]}"], capture_output=True, text=True)
            wanted = ("Requests per second", "Failed requests", "Non-2xx", "  50%", "  95%", "  99%", " 100%")
            print(f"ab -k -c {args.concurrency * args.clients} -n {n} (one address):")
            print("\n".join("  " + line.strip() for line in ab.stdout.splitlines() if line.startswith(wanted)))
    finally:
        if serve is not None:
            serve.terminate()
            serve.wait(timeout=60)
        server.cleanup()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
