"""Action API read-speed benchmark: pages/min of ``MediaWikiClient.iter_pages`` against a local MediaWiki.

Starts a real MediaWiki (tests/mediawiki_server.py; install it with scripts/install-mediawiki.sh) on
127.0.0.1, imports the German sample's main-namespace pages ``--copies`` times (titles made unique with
" (Kopie N)", so the wiki holds 202 x copies pages with real texts), then, always with ONE request in
flight (the client's etiquette):

  * iter_pages  batch=50 / batch=20  - generator=allpages + revisions content, following continue
  * iter_titles                       - list=allpages, aplimit=max (the cost of planning title ranges)
  * fetch_pages                       - 50 titles per request

and prints pages/min, requests/s, ms per request and MB of wikitext per minute (median of --repeat runs).

A local wiki has no network latency and no load, so these are the client's and MediaWiki's own
per-request costs: an upper bound. Against Wikimedia the round trip and server time dominate
(expect a few hundred ms per request, i.e. 50 pages per ~0.3-1 s).

    .venv/bin/python bench/bench_api.py --copies 10 --repeat 3
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))  # for tests.* when run from anywhere

from aqea.sources.dump import iter_pages as dump_pages  # noqa: E402
from aqea.sources.mediawiki import MediaWikiClient  # noqa: E402
from tests.mediawiki_server import mediawiki_missing, running_wiki  # noqa: E402
from tests.samples import DE_DUMP  # noqa: E402

AGENT = "aqea-bench/0.1"


def write_dump(path: Path, copies: int) -> tuple[int, int]:
    """A plain export-0.11 dump with the sample's main-namespace pages ``copies`` times; (pages, text bytes)."""
    pages = [p for p in dump_pages(DE_DUMP) if p.namespace == 0]
    count = size = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="de">\n'
            "<siteinfo><sitename>Wiktionary</sitename><dbname>dewiktionary</dbname>"
            "<case>case-sensitive</case></siteinfo>\n"
        )
        for n in range(copies):
            for page in pages:
                title = page.title if n == 0 else f"{page.title} (Kopie {n})"
                out.write(
                    f"<page><title>{escape(title)}</title><ns>0</ns><id>{count + 1}</id>"
                    f"<revision><id>{count + 1}</id><timestamp>{page.timestamp}</timestamp>"
                    "<contributor><username>Bench</username><id>1</id></contributor>"
                    "<model>wikitext</model><format>text/x-wiki</format>"
                    f'<text xml:space="preserve">{escape(page.text)}</text></revision></page>\n'
                )
                count += 1
                size += page.text_bytes
        out.write("</mediawiki>\n")
    return count, size


async def measure(api_url: str, what: str, repeat: int,
                  job: Callable[[MediaWikiClient], Awaitable[tuple[int, int]]]) -> None:
    runs = []
    for _ in range(repeat):
        async with MediaWikiClient(api_url, user_agent=AGENT) as wiki:
            started = time.perf_counter()
            items, text_bytes = await job(wiki)
            seconds = time.perf_counter() - started
            runs.append((seconds, items, text_bytes, wiki.requests))
    seconds = statistics.median(r[0] for r in runs)
    _, items, text_bytes, requests = runs[0]
    print(
        f"{what:<26} {items:>6} items {requests:>5} requests  {seconds:7.2f} s  "
        f"{items / seconds * 60:>10,.0f} /min  {requests / seconds:6.1f} req/s  "
        f"{seconds / requests * 1000:6.1f} ms/req  {text_bytes / seconds * 60 / 1e6:7.1f} MB text/min"
        f"   (runs: {', '.join(f'{r[0]:.2f}' for r in runs)} s)"
    )


async def bench(api_url: str, repeat: int) -> None:
    def pages(batch: int) -> Callable[[MediaWikiClient], Awaitable[tuple[int, int]]]:
        async def job(wiki: MediaWikiClient) -> tuple[int, int]:
            n = size = 0
            async for page in wiki.iter_pages(batch=batch):
                n += 1
                size += page.text_bytes
            return n, size
        return job

    async def titles(wiki: MediaWikiClient) -> tuple[int, int]:
        return len([t async for t in wiki.iter_titles()]), 0

    async with MediaWikiClient(api_url, user_agent=AGENT) as wiki:
        all_titles = [t async for t in wiki.iter_titles()]

    async def fetch(wiki: MediaWikiClient) -> tuple[int, int]:
        got = await wiki.fetch_pages(all_titles)
        return len(got), sum(p.text_bytes for p in got)

    await measure(api_url, "iter_pages batch=50", repeat, pages(50))
    await measure(api_url, "iter_pages batch=20", repeat, pages(20))
    await measure(api_url, "fetch_pages (50/request)", repeat, fetch)
    await measure(api_url, "iter_titles (aplimit=max)", repeat, titles)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=10, help="copies of the 202 sample pages (default 10)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown")
    args = parser.parse_args()
    reason = mediawiki_missing()
    if reason:
        print(reason, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="aqea-bench-api-") as tmp:
        dump = Path(tmp) / "bench.xml"
        count, size = write_dump(dump, args.copies)
        print(f"wiki: {count} pages, {size / 1e6:.1f} MB wikitext (sample x {args.copies}); importing …", flush=True)
        started = time.perf_counter()
        with running_wiki(dump) as wiki:
            print(f"MediaWiki up in {time.perf_counter() - started:.1f} s at {wiki.api_url}; "
                  "one request in flight throughout\n", flush=True)
            asyncio.run(bench(wiki.api_url, args.repeat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
