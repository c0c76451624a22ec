"""Build tests/data/aqea-v1-database.sql.gz: a database written by address space v1 (commit 48716be).

Real sample pages through the old pipeline: the German sample, then the first 400 English sample pages with
English nouns nearly full, so it holds v1's three kinds of unaddressed entries (no domain, address space full,
none for forms) next to its addresses. Run with the old code on the path, then dump without relation rows:

    git worktree add /tmp/v1 48716be
    PYTHONPATH=/tmp/v1/src:/tmp/v1 .venv/bin/python scripts/build_v1_fixture.py
    pg_dump -h /tmp/v1build/pg -U postgres --no-owner --no-privileges --inserts --rows-per-insert=500 \
        --exclude-table-data=public.relations v1 | gzip -9 > tests/data/aqea-v1-database.sql.gz
"""

import asyncio
import itertools

import pgserver

from aqea.pipeline import process_pages
from aqea.sources.dump import iter_pages, read_siteinfo
from aqea.store.allocate import allocate_pending
from aqea.store.db import connect
from aqea.store.migrate import migrate
from aqea.store.upsert import upsert_entries

SAMPLES = (("/tmp/v1/tests/data/dewiktionary-sample.xml.bz2", None),
           ("/tmp/v1/tests/data/enwiktionary-sample.xml.bz2", 400))


async def main(uri: str) -> None:
    conn = await connect(uri)
    await conn.execute("DROP DATABASE IF EXISTS v1")
    await conn.execute("CREATE DATABASE v1")
    await conn.close()
    conn = await connect(uri.replace("/postgres?", "/v1?"))
    await migrate(conn)
    # English nouns (0x21:01) nearly full: 40 addresses left, so the English sample exhausts it (v1 behaviour)
    await conn.executemany("INSERT INTO address_blocks VALUES (33, 1, $1, $2)",
                           [(ee, 255 if ee != 0xFF else 215) for ee in range(256)])
    for dump, limit in SAMPLES:
        site = read_siteinfo(dump)
        pages = list(itertools.islice(iter_pages(dump), limit))
        for i in range(0, len(pages), 100):
            outcome = process_pages(pages[i:i + 100], site.dbname)
            async with conn.transaction():
                await upsert_entries(conn, outcome.entries, source=site.dbname, page_ids=outcome.page_ids)
        print(await allocate_pending(conn))
    print(await conn.fetch("SELECT unaddressed_reason, count(*) FROM aqea_entries GROUP BY 1 ORDER BY 2 DESC"))
    await conn.close()


if __name__ == "__main__":
    asyncio.run(main(pgserver.get_server("/tmp/v1build/pg", cleanup_mode=None).get_uri()))
