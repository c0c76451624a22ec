"""Sync lag: from an edit on a real (local) MediaWiki to the changed entry stored in PostgreSQL.

    .venv/bin/python bench/bench_sync.py --edits 5

Starts the test wiki with the German sample (tests/mediawiki_server.py; needs scripts/install-mediawiki.sh),
extracts it through the API into a fresh embedded PostgreSQL, then, for each round, edits a page through the
wiki and runs the sync-changes flow once; prints per round the time from the edit's save to the entry being
stored, and the sync's own duration. With a 15-minute schedule the lag in production is this plus the wait for
the next scheduled run (on average 7.5 minutes).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aqea.sources.dump import iter_pages  # noqa: E402
from tests.mediawiki_server import running_wiki  # noqa: E402
from tests.samples import DE_DUMP  # noqa: E402

WORDS = ["Tier", "Haus", "Welt", "Tag", "Herz", "Zug", "Boot", "Keks", "Liebe", "Staat"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    texts = {p.title: p.text for p in iter_pages(DE_DUMP) if p.title in WORDS}
    scratch = Path(tempfile.mkdtemp(prefix="aqea-bsync-", dir="/tmp"))
    from aqea.store.embedded import start_embedded

    os.environ["AQEA_DATABASE_URL"] = start_embedded(scratch / "pgdata")
    from prefect.testing.utilities import prefect_test_harness

    from flows.extract import extract_language
    from flows.sync import sync_changes

    lags, syncs = [], []
    try:
        with running_wiki() as wiki, prefect_test_harness(server_startup_timeout=120):
            api = wiki.api_url
            t = time.monotonic()
            asyncio.run(extract_language(api_url=api, edition="dewiktionary"))
            print(f"initial API extraction: {time.monotonic() - t:.1f} s", file=sys.stderr)
            asyncio.run(sync_changes(api_url=api, edition="dewiktionary", since="2000-01-01T00:00:00Z"))
            for i in range(args.edits):
                title = WORDS[i % len(WORDS)]
                wiki.edit(title, texts[title] + f"\n<!-- bench edit {i} -->\n")
                saved = time.monotonic()
                summary = asyncio.run(sync_changes(api_url=api, edition="dewiktionary"))
                done = time.monotonic()
                lags.append(done - saved)
                syncs.append(summary["elapsed_s"])
                print(f"edit {i} ({title}): stored {done - saved:.2f} s after the save "
                      f"(sync flow {summary['elapsed_s']:.2f} s, {summary.get('changes', 0)} change(s))")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"lag edit→stored: median {statistics.median(lags):.2f} s, max {max(lags):.2f} s over {len(lags)} edits; "
          f"sync flow median {statistics.median(syncs):.2f} s; load avg {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
