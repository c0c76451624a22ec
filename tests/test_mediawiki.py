"""The Action API source against a real MediaWiki on 127.0.0.1 (tests/mediawiki_server.py).

The happy path talks to the real wiki (no mocks); the etiquette and failure tests go through a small
fault-injecting proxy in front of it, whose timestamps measure the waits (no wall-clock assertions
on a test's total time).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Coroutine
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any, TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aqea.errors import AqeaError
from aqea.model import Page
from aqea.sources import dump
from aqea.sources.mediawiki import ApiError, Change, MediaWikiClient, is_wikimedia_host, title_key
from aqea.sources.title_ranges import TitleRange, plan_title_ranges, split_titles, static_title_ranges
from tests.mediawiki_server import (  # noqa: F401  (fixtures)
    FaultProxy,
    Hit,
    TestWiki,
    fault_proxy,
    free_port,
    mediawiki,
    wiki_proxy,
)
from tests.samples import DE_DUMP

T = TypeVar("T")
AGENT = "aqea-tests/1.0"
CONTACT = "tests@example.org"


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def client(url: str, **kwargs: Any) -> MediaWikiClient:
    kwargs.setdefault("user_agent", AGENT)
    kwargs.setdefault("contact", CONTACT)
    return MediaWikiClient(url, **kwargs)


async def collect(url: str, **kwargs: Any) -> list[Page]:
    async with client(url) as wiki:
        return [p async for p in wiki.iter_pages(**kwargs)]


@pytest.fixture(scope="module")
def sample() -> dict[str, Page]:
    """The sample's main-namespace pages by title, as the dump reader reads them."""
    return {p.title: p for p in dump.iter_pages(DE_DUMP) if p.namespace == 0}


@pytest.fixture(scope="module")
def wiki_pages(mediawiki: TestWiki) -> list[Page]:  # noqa: F811
    return run(collect(mediawiki.api_url))


def ordered(titles: list[str]) -> list[str]:
    return sorted(titles, key=title_key)


# --------------------------------------------------------------------------- reading


def test_site_info(mediawiki: TestWiki) -> None:  # noqa: F811
    async def go() -> dict[str, Any]:
        async with client(mediawiki.api_url) as wiki:
            return await wiki.site_info()

    info = run(go())
    assert info["edition"] == "dewiktionary"
    assert dump.language_of_dbname(info["edition"]) == "de"
    assert info["language"] == "de"
    assert info["generator"].startswith("MediaWiki 1.")
    assert info["case"] == "case-sensitive"  # $wgCapitalLinks = false, as on Wiktionary
    assert info["namespaces"][0] == "" and info["namespaces"][4] == "Wiktionary"


def test_iter_pages_equals_the_imported_sample(
    mediawiki: TestWiki, wiki_pages: list[Page], sample: dict[str, Page]  # noqa: F811
) -> None:
    titles = [p.title for p in wiki_pages]
    assert len(titles) == len(set(titles)) == 202
    assert set(titles) == set(sample)
    assert titles == ordered(titles)  # MediaWiki's binary title order
    in_db = mediawiki.db_pages(0)  # ids as the wiki assigned them on import
    for page in wiki_pages:
        want = sample[page.title]
        assert page.text == want.text, page.title  # byte-identical wikitext
        assert page.text_bytes == want.text_bytes
        assert page.timestamp == want.timestamp
        assert page.namespace == 0
        assert page.redirect is None
        assert (page.page_id, page.revision_id) == in_db[page.title]


def test_lower_case_and_non_ascii_titles_are_there(wiki_pages: list[Page]) -> None:
    titles = {p.title for p in wiki_pages}
    for title in ("lieben", "überführen", "Mönch", "durchführen", "França", "ich", "1,2,3-Propentricarbonsäure"):
        assert title in titles
    assert sum(t[0].islower() for t in titles) == 77  # the verbs, adjectives, … an A–Z split loses


def test_small_batches_give_the_same_pages_once(wiki_proxy: FaultProxy, wiki_pages: list[Page]) -> None:  # noqa: F811
    pages = run(collect(wiki_proxy.api_url, batch=3))
    assert pages == wiki_pages
    content = [h for h in wiki_proxy.hits if h.params.get("generator") == "allpages"]
    assert {h.params["gaplimit"] for h in content} == {"3"}
    assert len(content) == 68  # ceil(202 / 3): every request followed the previous continue
    assert sum("gapcontinue" in h.params for h in content) == 67


def test_batches_continued_with_rvcontinue_lose_nothing(
    mediawiki: TestWiki, wiki_pages: list[Page]  # noqa: F811
) -> None:
    """With a small result size limit the wiki returns pages without content and continues with rvcontinue."""
    proxy = FaultProxy(mediawiki.small_result_api_url)

    async def fetch() -> list[Page]:
        async with client(proxy.api_url) as wiki:
            return await wiki.fetch_pages(["Nomen_proprium"] + [p.title for p in wiki_pages])

    try:
        pages = run(collect(proxy.api_url))
        hits = list(proxy.hits)
        proxy.reset()
        fetched = run(fetch())
        fetch_hits = list(proxy.hits)
    finally:
        proxy.close()
    assert pages == wiki_pages
    # titles mode: the same merging; "Nomen_proprium" is "Nomen proprium", asked first, returned once
    first = next(p for p in wiki_pages if p.title == "Nomen proprium")
    assert fetched == [first] + [p for p in wiki_pages if p is not first]
    assert any("rvcontinue" in h.params for h in fetch_hits)
    assert any("rvcontinue" in h.params and "gapcontinue" not in h.params for h in hits)  # first batch
    assert any("rvcontinue" in h.params and "gapcontinue" in h.params for h in hits)


def test_a_continuation_that_does_not_advance_is_an_error(mediawiki: TestWiki) -> None:  # noqa: F811
    """A page larger than the result size limit makes MediaWiki answer the same continue forever."""
    big = "grosse Seite"
    text = "== Test ==\n" + "Wort " * 30_000  # 150 kB > SMALL_RESULT_SIZE

    async def go() -> list[Page]:
        async with client(mediawiki.small_result_api_url) as wiki:
            return [p async for p in wiki.iter_pages(from_title="gl", to_title="h")]

    try:
        mediawiki.edit(big, text)
        with pytest.raises(ApiError, match=r"continuation goes round in circles for pages of namespace 0"):
            run(go())
        assert [p.title for p in run(collect(mediawiki.api_url, from_title=big, to_title=big + "!"))] == [big]
    finally:
        with contextlib.suppress(RuntimeError):
            mediawiki.delete(big, "test cleanup")


def test_title_bounds_are_inclusive_and_exclusive(mediawiki: TestWiki, wiki_pages: list[Page]) -> None:  # noqa: F811
    pages = run(collect(mediawiki.api_url, from_title="Haus", to_title="Mönch", batch=7))
    want = [p for p in wiki_pages if title_key("Haus") <= title_key(p.title) < title_key("Mönch")]
    assert pages == want
    assert pages[0].title == "Haus" and "Mönch" not in {p.title for p in pages}
    tail = run(collect(mediawiki.api_url, from_title="zirkulär"))
    assert [p.title for p in tail] == ["zirkulär", "überführen"]


@pytest.mark.parametrize("parts", [1, 3, 7])
def test_title_ranges_cover_every_title_exactly_once(
    mediawiki: TestWiki, wiki_pages: list[Page], parts: int  # noqa: F811
) -> None:
    async def go() -> tuple[list[TitleRange], list[list[str]]]:
        async with client(mediawiki.api_url) as wiki:
            ranges = await plan_title_ranges(wiki, parts)
            got = []
            for r in ranges:
                got.append([p.title async for p in wiki.iter_pages(from_title=r.start, to_title=r.end, batch=20)])
            return ranges, got

    ranges, got = run(go())
    assert len(ranges) == parts
    assert ranges[0].start is None and ranges[-1].end is None
    assert all(a.end == b.start for a, b in pairwise(ranges))
    sizes = [len(titles) for titles in got]
    assert sizes == [r.titles_estimate for r in ranges]
    assert max(sizes) - min(sizes) <= 1  # balanced
    flat = [t for titles in got for t in titles]
    assert flat == [p.title for p in wiki_pages]  # every title, once, in order
    for title in ("lieben", "überführen", "Mönch", "Aal", "zirkulär"):
        assert sum(title in r for r in ranges) == 1


def test_title_ranges_within_bounds_and_static_ranges(mediawiki: TestWiki, wiki_pages: list[Page]) -> None:  # noqa: F811
    all_titles = [p.title for p in wiki_pages]

    async def go() -> tuple[list[TitleRange], dict[int, list[str]]]:
        async with client(mediawiki.api_url) as wiki:
            bounded = await plan_title_ranges(wiki, 4, from_title="Haus", to_title="lieben")
            static = {}
            for parts in (1, 3, 7, 20):
                static[parts] = [
                    t for r in static_title_ranges(parts) async for t in wiki.iter_titles(0, r.start, r.end)
                ]
            return bounded, static

    bounded, static = run(go())
    assert bounded[0].start == "Haus" and bounded[-1].end == "lieben"
    assert sum(r.titles_estimate or 0 for r in bounded) == sum(
        title_key("Haus") <= title_key(t) < title_key("lieben") for t in all_titles
    )
    for parts, titles in static.items():
        assert titles == all_titles, parts


def test_plan_from_a_title_list_needs_no_wiki() -> None:
    ranges = run(plan_title_ranges(["b", "a", "B", "Ä", "ä", "z", "_x", "1"], 3))
    assert [(r.start, r.end) for r in ranges] == [(None, "_x"), ("_x", "z"), ("z", None)]
    assert "lieben" in TitleRange("a", "z") and "Lieben" not in TitleRange("a", "z")
    assert TitleRange.from_dict(ranges[1].to_dict()) == ranges[1]
    assert split_titles([], 5) == [TitleRange(None, None, 0)]
    with pytest.raises(AqeaError, match="parts"):
        split_titles(["a"], 0)
    with pytest.raises(AqeaError, match="not before"):
        TitleRange("b", "a")


@settings(max_examples=200, deadline=None)
@given(
    titles=st.lists(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=6)),
    parts=st.integers(1, 12),
)
def test_split_titles_covers_each_title_once(titles: list[str], parts: int) -> None:
    ranges = split_titles(titles, parts)
    assert 1 <= len(ranges) <= parts
    for title in titles:
        assert sum(title in r for r in ranges) == 1
    for r in static_title_ranges(parts):
        assert r.start is None or r.end is None or title_key(r.start) < title_key(r.end)
    for title in titles:
        assert sum(title in r for r in static_title_ranges(parts)) == 1


def test_fetch_pages(wiki_proxy: FaultProxy, wiki_pages: list[Page], sample: dict[str, Page]) -> None:  # noqa: F811
    async def go() -> tuple[Any, Any]:
        async with client(wiki_proxy.api_url) as wiki:
            some = await wiki.fetch_pages(["lieben", "Mönch", "Gibt es nicht", "lieben", "bad|title", "Nomen_proprium"])
            everything = await wiki.fetch_pages([p.title for p in reversed(wiki_pages)])
            return some, everything

    some, everything = run(go())
    assert [p.title for p in some] == ["lieben", "Mönch", "Nomen proprium"]  # as the wiki spells it
    assert some.missing == ["Gibt es nicht"]
    assert list(some.invalid) == ["bad|title"]
    assert all(p.text == sample[p.title].text for p in some)
    assert [p.title for p in everything] == [p.title for p in reversed(wiki_pages)]
    assert everything.missing == [] and everything == list(reversed(wiki_pages))
    per_request = [len(h.params["titles"].lstrip("\x1f").split("\x1f" if "\x1f" in h.params["titles"] else "|"))
                   for h in wiki_proxy.hits if "titles" in h.params]
    assert per_request == [5, 50, 50, 50, 50, 2]  # at most 50 titles per request, each title once
    assert wiki_proxy.hits[0].params["titles"].startswith("\x1f")  # the separator for values with "|"


def test_long_requests_go_as_post(wiki_proxy: FaultProxy) -> None:  # noqa: F811
    titles = [f"{n} {'ü' * 120}" for n in range(50)]  # ~36 kB percent-encoded: too long for a URL

    async def go() -> Any:
        async with client(wiki_proxy.api_url) as wiki:
            return await wiki.fetch_pages([*titles, "Mönch"])

    got = run(go())
    assert [p.title for p in got] == ["Mönch"] and got.missing == titles
    methods = [(h.method, h.params["maxlag"], h.params["format"]) for h in wiki_proxy.hits]
    assert methods == [("POST", "5", "json"), ("GET", "5", "json")]


def test_recent_changes_see_edits_creations_moves_deletions(mediawiki: TestWiki) -> None:  # noqa: F811
    async def now_on_wiki() -> datetime:
        async with client(mediawiki.api_url) as wiki:
            info = await wiki.site_info()
        return datetime.strptime(info["general"]["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)

    async def changes(since: datetime | str, until: datetime | str | None = None) -> list[Change]:
        async with client(mediawiki.api_url) as wiki:
            return [c async for c in wiki.recent_changes(since, until)]

    since = run(now_on_wiki()) - timedelta(seconds=1)
    created = ["rc neu", "rc verschoben", "rc weg"]
    try:
        mediawiki.edit("rc neu", "erste Fassung", "neu")
        mediawiki.edit("rc neu", "zweite Fassung", "bearbeitet")
        mediawiki.move("rc neu", "rc verschoben", redirect=False)
        mediawiki.edit("rc weg", "wird gelöscht", "neu")
        mediawiki.delete("rc weg")
        mediawiki.undelete("rc weg")
        mediawiki.delete("rc weg")
        seen = [c for c in run(changes(since)) if c.title in created]  # other tests change the wiki too
        # until bounds the listing (inclusive); a MediaWiki timestamp string works as well as a datetime
        bounded = run(changes(since.strftime("%Y-%m-%dT%H:%M:%SZ"), seen[0].timestamp))
        moved = run(collect(mediawiki.api_url, from_title="rc verschoben", to_title="rc verschoben2"))
    finally:
        for title in created:
            with contextlib.suppress(RuntimeError):
                mediawiki.delete(title, "test cleanup")

    events = [(c.kind, c.title) for c in seen]
    assert events[:3] == [("new", "rc neu"), ("edit", "rc neu"), ("move", "rc neu")]
    # the creation of "rc weg" left recent changes with its deletion (MediaWiki drops a deleted page's edits)
    assert events[3:] == [("delete", "rc weg"), ("restore", "rc weg"), ("delete", "rc weg")]
    new, edit, move = seen[:3]
    assert new.old_revision_id == 0 and edit.old_revision_id == new.revision_id
    assert move.new_title == "rc verschoben" and move.new_namespace == 0 and move.log_type == "move"
    assert [c.log_action for c in seen[3:]] == ["delete", "restore", "delete"]
    assert [p.title for p in moved] == ["rc verschoben"]
    assert move.revision_id is not None and move.revision_id > edit.revision_id  # a move adds a null revision
    assert moved[0].revision_id == move.revision_id and moved[0].text == "zweite Fassung"
    assert [c.timestamp for c in seen] == sorted(c.timestamp for c in seen)
    assert seen[0] in bounded
    assert all(c.timestamp <= seen[0].timestamp for c in bounded)


def test_redirect_targets(mediawiki: TestWiki) -> None:  # noqa: F811
    async def go() -> Any:
        async with client(mediawiki.api_url) as wiki:
            return await wiki.fetch_pages(["umleitung de", "umleitung en", "lieben"])

    try:
        mediawiki.edit("umleitung de", "#WEITERLEITUNG [[Haus#Deutsch]]\n[[Kategorie:Test]]")
        mediawiki.edit("umleitung en", "#redirect [[ lieben ]]")
        pages = run(go())
    finally:
        for title in ("umleitung de", "umleitung en"):
            with contextlib.suppress(RuntimeError):
                mediawiki.delete(title, "test cleanup")
    assert [(p.title, p.redirect) for p in pages] == [("umleitung de", "Haus"), ("umleitung en", "lieben"),
                                                      ("lieben", None)]


# --------------------------------------------------------------------------- etiquette


def test_every_request_is_polite(wiki_proxy: FaultProxy, wiki_pages: list[Page]) -> None:  # noqa: F811
    wiki_proxy.gzip_answers = True
    pages = run(collect(wiki_proxy.api_url, batch=40))
    assert pages == wiki_pages  # also through gzip-compressed answers
    assert len(wiki_proxy.hits) == 6
    for hit in wiki_proxy.hits:
        assert hit.headers["User-Agent"].startswith(f"{AGENT} ({CONTACT}) aqea-extractor/")
        assert "gzip" in hit.headers["Accept-Encoding"]
        assert hit.gzipped
        assert hit.params["maxlag"] == "5"
        assert (hit.params["format"], hit.params["formatversion"]) == ("json", "2")


def overlapping(hits: list[Hit]) -> int:
    hits = sorted(hits, key=lambda h: h.start)
    return sum(b.start < a.end for a, b in pairwise(hits))


def test_one_request_in_flight_per_client(wiki_proxy: FaultProxy) -> None:  # noqa: F811
    entered: list[int] = []
    depth = 0

    @contextlib.asynccontextmanager
    async def slot() -> AsyncIterator[None]:
        nonlocal depth
        depth += 1
        entered.append(depth)
        try:
            yield
        finally:
            depth -= 1

    async def one_client() -> MediaWikiClient:
        async with client(wiki_proxy.api_url, slot=slot) as wiki:

            async def pages(**kw: Any) -> int:
                return len([p async for p in wiki.iter_pages(**kw)])

            async def changes() -> int:
                return len([c async for c in wiki.recent_changes("2001-01-01T00:00:00Z")])

            await asyncio.gather(
                pages(batch=10), pages(batch=17, from_title="lieben"), wiki.site_info(),
                wiki.fetch_pages(["Haus", "Mönch"]), changes(), wiki.fetch_pages(["lieben"]),
            )
            return wiki

    wiki = run(one_client())
    assert len(wiki_proxy.hits) == wiki.requests > 20
    assert overlapping(wiki_proxy.hits) == 0
    assert entered == [1] * wiki.requests  # the slot hook wraps each request, never nested

    # control: two clients at once do overlap at the proxy (so the check above can fail)
    wiki_proxy.reset()

    async def two_clients() -> None:
        await asyncio.gather(collect(wiki_proxy.api_url, batch=10), collect(wiki_proxy.api_url, batch=10))

    run(two_clients())
    assert overlapping(wiki_proxy.hits) > 0


def test_rate_limit_spaces_requests(wiki_proxy: FaultProxy) -> None:  # noqa: F811
    async def go() -> None:
        async with client(wiki_proxy.api_url, rate_limit=5) as wiki:
            [p async for p in wiki.iter_pages(batch=40)]

    run(go())
    starts = sorted(h.start for h in wiki_proxy.hits)
    assert len(starts) == 6
    assert min(b - a for a, b in pairwise(starts)) >= 0.18  # 0.2 s apart at the client; some jitter at the proxy


@pytest.mark.parametrize("fault", ["429", "503", "maxlag"])
def test_retry_after_is_honoured(wiki_proxy: FaultProxy, fault: str) -> None:  # noqa: F811
    wiki_proxy.inject(fault, retry_after=1)

    async def go() -> tuple[dict[str, Any], MediaWikiClient]:
        async with client(wiki_proxy.api_url, backoff_base=0.01) as wiki:
            return await wiki.site_info(), wiki

    info, wiki = run(go())
    assert info["edition"] == "dewiktionary"
    first, second = wiki_proxy.hits
    assert (first.fault, first.retry_after, second.fault) == (fault, 1, None)
    assert second.start - first.end >= 1.0  # waited at least Retry-After, measured at the proxy
    assert wiki.retries == 1 and wiki.requests == 2


def test_backoff_without_retry_after_then_give_up(wiki_proxy: FaultProxy) -> None:  # noqa: F811
    wiki_proxy.inject("503", count=3)

    async def go() -> None:
        async with client(wiki_proxy.api_url, max_retries=2, backoff_base=0.2) as wiki:
            await wiki.site_info()

    with pytest.raises(ApiError) as err:
        run(go())
    message = str(err.value)
    assert wiki_proxy.api_url in message and "HTTP 503" in message and "site info" in message
    assert "attempt 3 of 3" in message and "giving up" in message
    hits = wiki_proxy.hits
    assert len(hits) == 3
    gaps = [b.start - a.end for a, b in pairwise(hits)]
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2  # exponential: 0.2 * 2**(n-1), jittered down to half at most


def test_retry_after_beyond_the_limit_gives_up_at_once(wiki_proxy: FaultProxy) -> None:  # noqa: F811
    wiki_proxy.inject("429", retry_after=3600)

    async def go() -> None:
        async with client(wiki_proxy.api_url) as wiki:
            await wiki.site_info()

    with pytest.raises(ApiError, match=r"HTTP 429.*wait 3600 s, more than max_retry_after"):
        run(go())
    assert len(wiki_proxy.hits) == 1


def test_invalid_json_is_a_clear_error(wiki_proxy: FaultProxy) -> None:  # noqa: F811
    wiki_proxy.inject("badjson")

    async def go() -> None:
        async with client(wiki_proxy.api_url) as wiki:
            [p async for p in wiki.iter_pages()]

    with pytest.raises(ApiError) as err:
        run(go())
    message = str(err.value)
    assert "not JSON" in message and wiki_proxy.api_url in message and "pages of namespace 0" in message
    assert "attempt 1 of 6" in message
    assert len(wiki_proxy.hits) == 1  # a broken answer is not retried


def test_api_error_bodies_are_clear_errors(mediawiki: TestWiki) -> None:  # noqa: F811
    async def bad_namespace() -> None:
        async with client(mediawiki.api_url) as wiki:
            [p async for p in wiki.iter_pages(namespace=4711)]

    with pytest.raises(ApiError, match=r"API error badvalue: .*gapnamespace.*4711") as err:
        run(bad_namespace())
    assert mediawiki.api_url in str(err.value)

    async def bad_module() -> None:
        async with client(mediawiki.api_url) as wiki:
            await wiki.request({"action": "nosuchaction"}, what="a module that does not exist")

    with pytest.raises(ApiError, match=r"a module that does not exist.*API error badvalue"):
        run(bad_module())


def test_wrong_urls_are_clear_errors(mediawiki: TestWiki) -> None:  # noqa: F811
    async def site(url: str) -> None:
        async with client(url) as wiki:
            await wiki.site_info()

    index = mediawiki.api_url.replace("/api.php", "/index.php")
    with pytest.raises(ApiError, match=r"index\.php \(asking for site info; attempt 1 of 6\): HTTP 404"):
        run(site(index))  # index.php answers HTML ("no such action"): not retried
    with pytest.raises(ApiError, match=r"HTTP 302 redirect to http://127\.0\.0\.1:\d+/index\.php; give that URL"):
        run(site(index + "/Spezial:Zufällige_Seite"))  # redirects are not followed (could lead anywhere)
    with pytest.raises(ApiError, match=r"connection failed .*attempt 2 of 2\); giving up"):
        run(site_with_retries(f"http://127.0.0.1:{_closed_port()}/api.php"))


async def site_with_retries(url: str) -> None:
    async with client(url, max_retries=1, backoff_base=0.01) as wiki:
        await wiki.site_info()


def _closed_port() -> int:
    return free_port()  # nothing listens there any more


def test_timeouts_are_retried_then_reported(wiki_proxy: FaultProxy) -> None:  # noqa: F811
    async def site(max_retries: int) -> MediaWikiClient:
        async with client(wiki_proxy.api_url, timeout=0.5, max_retries=max_retries, backoff_base=0.01) as wiki:
            await wiki.site_info()
            return wiki

    wiki_proxy.inject("delay", delay=1.5)
    assert run(site(max_retries=2)).retries == 1
    wiki_proxy.wait_idle()
    assert [h.fault for h in sorted(wiki_proxy.hits, key=lambda h: h.start)] == ["delay", None]

    wiki_proxy.reset()
    wiki_proxy.inject("delay", count=2, delay=1.5)
    with pytest.raises(ApiError, match=r"no answer within the timeout of 0\.5 s.*attempt 2 of 2.*giving up"):
        run(site(max_retries=1))


def test_wikimedia_hosts_need_a_contact() -> None:
    for url in (
        "https://de.wiktionary.org/w/api.php",
        "https://en.m.wikipedia.org/w/api.php",
        "https://commons.wikimedia.org/w/api.php",
        "https://WWW.WIKIDATA.ORG./w/api.php",
    ):
        assert is_wikimedia_host(url)
        with pytest.raises(ApiError, match="without a contact"):
            MediaWikiClient(url, user_agent=AGENT)
        with pytest.raises(ApiError, match="generic User-Agent"):
            MediaWikiClient(url, user_agent="python-httpx/0.28", contact=CONTACT)
        MediaWikiClient(url, user_agent=AGENT, contact=CONTACT)  # fine (nothing is sent yet)
    assert not is_wikimedia_host("https://notwiktionary.org/w/api.php")
    assert not is_wikimedia_host("http://127.0.0.1:8080/api.php")
    MediaWikiClient("http://127.0.0.1:8080/api.php", user_agent=AGENT)  # own wikis: contact optional
    with pytest.raises(ApiError, match="contact must be"):
        MediaWikiClient("https://de.wiktionary.org/w/api.php", user_agent=AGENT, contact="me")
    with pytest.raises(ApiError, match="user_agent"):
        MediaWikiClient("http://127.0.0.1:8080/api.php", user_agent=" ")
    with pytest.raises(ApiError, match="http"):
        MediaWikiClient("de.wiktionary.org/w/api.php", user_agent=AGENT, contact=CONTACT)


def test_client_must_be_opened() -> None:
    wiki = MediaWikiClient("http://127.0.0.1:9/api.php", user_agent=AGENT)
    with pytest.raises(ApiError, match="async with"):
        run(wiki.site_info())

