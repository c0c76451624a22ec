"""A polite async client for the MediaWiki Action API (``api.php``), the live counterpart of the dump source.

Pages come out as the same :class:`~aqea.model.Page` the dump reader yields, so the parser and the
store do not care where a page came from.

Etiquette (https://meta.wikimedia.org/wiki/User-Agent_policy, https://www.mediawiki.org/wiki/API:Etiquette),
safe by default and not switchable off:

* a descriptive User-Agent ``<user_agent> (<contact>) aqea-extractor/<version> httpx/<version>``; a
  Wikimedia host (``*.wikipedia.org``, ``*.wiktionary.org``, ``*.wikimedia.org``, …) is refused without a
  contact (an e-mail address or a URL) and with a generic agent such as ``python-httpx/…``;
* exactly one request in flight per client (an :class:`asyncio.Lock`, held through the retries and
  their waits, so a ``Retry-After`` holds back every caller of the client); a caller-supplied async
  "slot" context manager (e.g. a Prefect global concurrency limit) is entered around each HTTP attempt
  on top of that; an optional ``rate_limit`` spaces request starts further;
* ``maxlag`` on every request, ``format=json&formatversion=2``, ``Accept-Encoding: gzip``;
* HTTP 429/500/502/503/504, the API errors ``maxlag``/``ratelimited``, timeouts and broken connections
  are retried up to ``max_retries`` times with bounded exponential backoff and jitter, never sooner than
  the server's ``Retry-After``; a ``Retry-After`` beyond ``max_retry_after`` gives up at once;
* one client talks to one URL; nothing here spreads requests over several addresses.

Every failure is one :class:`ApiError` whose message says the URL, what was asked and the attempts.

Continuation is followed exactly as the API documents it: the ``continue`` object of each answer is
merged into the *original* request. With a generator plus ``prop=revisions`` the API may return some
pages of a generator batch without their revisions (result size limit) and continue with
``rvcontinue``; pages are therefore collected per generator batch (until ``batchcomplete``) and only
then yielded, so no page is lost or yielded twice.

Redirects: ``prop=info`` flags redirect pages; the target is read from the page's own wikitext with the
wiki's aliases of the ``redirect`` magic word (``#REDIRECT``, ``#WEITERLEITUNG``, …, from ``siteinfo``),
fragment dropped, underscores as spaces, first letter upper-cased on ``first-letter`` wikis. That is
what the link says, not a resolved title (no extra request per batch); ``""`` when a flagged redirect
has no readable target. Non-redirects have ``redirect=None``.

Title order: MediaWiki sorts titles by their UTF-8 bytes with spaces as underscores (see :func:`title_key`);
``iter_pages``'s ``from_title`` is inclusive and ``to_title`` *exclusive* (unlike the API's own
inclusive ``gapto``), so the ranges of :mod:`aqea.sources.title_ranges` compose without overlap.
Give both as the wiki spells titles (normalised: spaces, first-letter case on such wikis).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import logging
import random
import re
import time
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

from aqea import __version__
from aqea.errors import SourceError
from aqea.model import Page

__all__ = [
    "CHANGE_KINDS",
    "WIKIMEDIA_DOMAINS",
    "ApiError",
    "Change",
    "FetchedPages",
    "MediaWikiClient",
    "SlotFactory",
    "is_wikimedia_host",
    "title_key",
]

log = logging.getLogger(__name__)


class ApiError(SourceError):
    """The MediaWiki API refused, answered nonsense, or could not be reached (after the retries)."""

    reason = "api error"


# Hosts run by the Wikimedia Foundation: their User-Agent policy requires a contact.
WIKIMEDIA_DOMAINS = (
    "wikipedia.org",
    "wiktionary.org",
    "wikimedia.org",
    "wikibooks.org",
    "wikinews.org",
    "wikiquote.org",
    "wikisource.org",
    "wikiversity.org",
    "wikivoyage.org",
    "wikidata.org",
    "wikifunctions.org",
    "mediawiki.org",
    "wikimediafoundation.org",
    "wmcloud.org",
    "toolforge.org",
)

# library defaults and browser strings: not "descriptive" in the sense of the policy
_GENERIC_AGENTS = re.compile(
    r"^\s*(python-httpx|httpx|python-requests|python-urllib|aiohttp|curl|wget|mozilla)(/|\s|$)", re.I
)
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_RETRY_CODES = frozenset({"maxlag", "ratelimited"})
_GET_LIMIT = 4000  # encoded parameters longer than this go as a POST body (long title lists)
_MAX_TITLES = 50  # titles per request for anonymous clients and revision content
_CYCLE_WINDOW = 10_000  # continue objects remembered to notice a continuation going round in circles

# "kind" of a Change: edit/new from the edit stream, the others from the log
CHANGE_KINDS = frozenset({"edit", "new", "delete", "restore", "move", "import", "merge", "log"})

SlotFactory = Callable[[], AbstractAsyncContextManager[Any]]
"""Called once per HTTP attempt; the request is sent inside the returned async context manager.

Example with Prefect: ``slot=lambda: prefect.concurrency.asyncio.concurrency("wiktionary-api")``.
"""


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of ``list=recentchanges``.

    ``kind``: "edit", "new" (page creation), "delete", "restore" (undeletion), "move" (``new_title`` is
    the target), "import", "merge", or "log" for any other logged event (protection, user rights, …;
    see ``log_type``/``log_action``). For deletions ``page_id`` is usually 0 (the page is gone).
    """

    kind: str
    title: str
    namespace: int
    timestamp: str  # ISO 8601, "2024-05-01T12:00:00Z"
    rc_id: int
    page_id: int
    revision_id: int | None = None  # the new revision (a move's null revision); None for most log events
    old_revision_id: int | None = None  # the revision an edit replaced (0 for creations)
    new_title: str | None = None  # moves
    new_namespace: int | None = None  # moves
    log_type: str | None = None  # "delete", "move", …
    log_action: str | None = None  # "delete", "restore", "move", "move_redir", …
    log_id: int | None = None
    redirect: bool = False  # the page is (now) a redirect

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class FetchedPages(list[Page]):
    """A list of pages plus the requested titles that were not there (``missing``/``invalid``)."""

    def __init__(
        self, pages: Iterable[Page] = (), missing: Sequence[str] = (), invalid: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(pages)
        self.missing: list[str] = list(missing)  # titles as requested
        self.invalid: dict[str, str] = dict(invalid or {})  # title as requested → reason


def title_key(title: str) -> bytes:
    """MediaWiki's sort key of a title: UTF-8 bytes of the title with spaces as underscores."""
    return title.replace(" ", "_").encode("utf-8")


def is_wikimedia_host(url: str) -> bool:
    """True for URLs on a Wikimedia-run domain (their User-Agent policy applies)."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in WIKIMEDIA_DOMAINS)


class MediaWikiClient:
    """Async client for one wiki's ``api.php``; use as ``async with MediaWikiClient(...) as wiki:``.

    ``user_agent``: "<tool>/<version>" describing the tool (required); ``contact``: e-mail or URL
    (required on Wikimedia hosts). ``max_lag``: seconds of replication lag at which the wiki should
    refuse us (sent as ``maxlag`` on every request). ``timeout``: seconds per HTTP attempt.
    ``max_retries``: retries after the first attempt. ``rate_limit``: most requests started per second
    (None: only one at a time). ``slot``: see :data:`SlotFactory`. ``backoff_base``/``max_backoff``:
    the exponential backoff (seconds) for retries without ``Retry-After``; ``max_retry_after``: a
    ``Retry-After`` longer than this gives up instead of waiting.
    """

    def __init__(
        self,
        api_url: str,
        *,
        user_agent: str,
        contact: str | None = None,
        max_lag: int = 5,
        timeout: float = 30,
        max_retries: int = 5,
        rate_limit: float | None = None,
        slot: SlotFactory | None = None,
        backoff_base: float = 1.0,
        max_backoff: float = 60.0,
        max_retry_after: float = 300.0,
    ) -> None:
        parts = urlsplit(api_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ApiError(f"not an http(s) URL of a MediaWiki api.php: {api_url!r}")
        if not user_agent or not user_agent.strip():
            raise ApiError(f"{api_url}: a descriptive user_agent is required (e.g. 'aqea-extractor/0.1')")
        contact = (contact or "").strip() or None
        if contact is not None and not ("@" in contact or re.match(r"^https?://\S+$", contact)):
            raise ApiError(f"{api_url}: contact must be an e-mail address or an http(s) URL, not {contact!r}")
        if is_wikimedia_host(api_url):
            if contact is None:
                raise ApiError(
                    f"refusing to query {parts.hostname} without a contact: Wikimedia's User-Agent policy "
                    "requires one; pass contact='you@example.org' (or a URL of your project page)"
                )
            if _GENERIC_AGENTS.match(user_agent):
                raise ApiError(
                    f"refusing to query {parts.hostname} with the generic User-Agent {user_agent!r}; "
                    "name the tool, e.g. user_agent='my-extractor/1.0'"
                )
        if max_lag < 0 or timeout <= 0 or max_retries < 0:
            raise ApiError(
                f"{api_url}: max_lag must be >= 0, timeout > 0, max_retries >= 0 "
                f"(got {max_lag}, {timeout}, {max_retries})"
            )
        if rate_limit is not None and rate_limit <= 0:
            raise ApiError(f"{api_url}: rate_limit must be positive requests per second, not {rate_limit}")
        self.api_url = api_url
        self.user_agent = " ".join(
            p
            for p in (user_agent.strip(), f"({contact})" if contact else "", f"aqea-extractor/{__version__}",
                      f"httpx/{httpx.__version__}")
            if p
        )
        self.max_lag = max_lag
        self.timeout = timeout
        self.max_retries = max_retries
        self.rate_limit = rate_limit
        self.slot = slot
        self.backoff_base = backoff_base
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        # counters, for logs and benchmarks
        self.requests = 0  # HTTP attempts sent
        self.retries = 0
        self.waited = 0.0  # seconds slept before retries and for rate_limit
        self._lock = asyncio.Lock()
        self._http: httpx.AsyncClient | None = None
        self._last_start: float | None = None
        self._site: dict[str, Any] | None = None
        self._redirect_re: re.Pattern[str] | None = None
        self._first_letter = False  # the wiki upper-cases first letters of titles
        self._warned: set[str] = set()

    # ------------------------------------------------------------------ lifecycle

    async def __aenter__(self) -> MediaWikiClient:
        if self._http is not None:
            raise ApiError(f"{self.api_url}: this client is already open")
        self._lock = asyncio.Lock()  # bound to this event loop
        self._http = httpx.AsyncClient(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip", "Accept": "application/json"},
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,  # a redirect is reported: it could lead to another host (or drop a POST body)
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
        )
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._http is not None:
            await self._http.aclose()
            self._http = None

    # ------------------------------------------------------------------ public API

    async def site_info(self) -> dict[str, Any]:
        """The wiki's ``siteinfo``: ``edition`` (wikiid/dbname, "dewiktionary"), ``language`` ("de"),
        ``sitename``, ``generator``, ``case``, ``server``, ``readonly``, ``namespaces`` ({0: "", 4: "Wiktionary", …})
        and the raw ``general`` dict. Cached per client."""
        if self._site is None:
            data = await self.request(
                {"action": "query", "meta": "siteinfo", "siprop": "general|namespaces"}, what="site info"
            )
            query = data.get("query") or {}
            general = query.get("general")
            if not isinstance(general, dict):
                raise ApiError(f"{self.api_url}: siteinfo answer has no 'general' section: {_snippet(data)}")
            namespaces = {
                int(ns["id"]): ns.get("name", "")
                for ns in (query.get("namespaces") or {}).values()
                if isinstance(ns, dict) and "id" in ns
            }
            self._site = {
                "edition": general.get("wikiid", ""),
                "language": general.get("lang", ""),
                "sitename": general.get("sitename", ""),
                "generator": general.get("generator", ""),
                "case": general.get("case", ""),
                "server": general.get("server", ""),
                "base": general.get("base", ""),
                "readonly": bool(general.get("readonly", False)),
                "namespaces": namespaces,
                "general": general,
            }
        return dict(self._site)

    async def iter_pages(
        self,
        namespace: int = 0,
        from_title: str | None = None,
        to_title: str | None = None,
        batch: int = 50,
    ) -> AsyncIterator[Page]:
        """Every page of ``namespace`` with ``from_title <= title < to_title`` (latest revision), in title order.

        One request per ``batch`` titles (at most 50 for clients without ``apihighlimits``: the API sends
        content for 50 pages per request and continues with the rest).
        """
        if not 1 <= batch <= 500:
            raise ApiError(f"{self.api_url}: batch must be 1..500 titles per request, not {batch}")
        params: dict[str, Any] = {
            "action": "query",
            "generator": "allpages",
            "gapnamespace": namespace,
            "gaplimit": batch,
            "prop": "revisions|info",
            "rvprop": "ids|timestamp|content",
            "rvslots": "main",
        }
        if from_title is not None:
            params["gapfrom"] = from_title
        if to_title is not None:
            params["gapto"] = to_title  # inclusive in the API: the end title itself is dropped below
        end = title_key(to_title) if to_title is not None else None
        what = f"pages of namespace {namespace}" + _range_text(from_title, to_title)
        async for pages, _ in self._page_batches(params, what):
            for raw in pages:
                page = await self._page_of(raw, what)
                if end is None or title_key(page.title) < end:
                    yield page

    async def fetch_pages(self, titles: Sequence[str]) -> FetchedPages:
        """The latest revision of each title (≤ 50 per request), in the order asked, duplicates once.

        Titles that do not exist are in ``.missing``, titles the wiki rejects in ``.invalid`` (both also
        logged); a title the wiki normalises (``"foo_bar"`` → ``"foo bar"``) comes back under its name
        on the wiki.
        """
        if isinstance(titles, str):
            raise ApiError(f"{self.api_url}: fetch_pages wants a sequence of titles, not the string {titles!r}")
        wanted = list(dict.fromkeys(titles))
        found: dict[str, Page] = {}  # requested title → page
        missing: list[str] = []
        invalid: dict[str, str] = {}
        for i in range(0, len(wanted), _MAX_TITLES):
            chunk = wanted[i : i + _MAX_TITLES]
            params = {
                "action": "query",
                "titles": _multi(chunk),
                "prop": "revisions|info",
                "rvprop": "ids|timestamp|content",
                "rvslots": "main",
            }
            what = f"{len(chunk)} titles ({_short(', '.join(chunk), 80)})"
            back: dict[str, list[str]] = {}  # title on the wiki → titles as requested
            for title in chunk:
                back.setdefault(title, []).append(title)
            async for pages, answers in self._page_batches(params, what):
                for norm in (n for a in answers for n in (a.get("query") or {}).get("normalized", []) or []):
                    asked, to = norm.get("from"), norm.get("to")
                    if asked in back and to is not None and asked != to:
                        back.setdefault(to, []).extend(back.pop(asked))
                for raw in pages:
                    requested = back.get(raw.get("title", ""), [raw.get("title", "")])
                    if raw.get("invalid"):
                        for t in requested:
                            invalid[t] = str(raw.get("invalidreason", "invalid title"))
                    elif raw.get("missing"):
                        missing.extend(requested)
                    else:
                        page = await self._page_of(raw, what)
                        for t in requested:
                            found[t] = page
        if missing:
            log.info("%s: %d of %d titles do not exist: %s", self.api_url, len(missing), len(wanted),
                     _short(", ".join(missing), 200))
        if invalid:
            log.warning("%s: %d invalid titles: %s", self.api_url, len(invalid), _short(repr(invalid), 200))
        by_id: dict[int, Page] = {}  # two spellings of one title: the page once, where first asked
        for title in wanted:
            if title in found:
                by_id.setdefault(found[title].page_id, found[title])
        pages = list(by_id.values())
        gone = set(missing)
        return FetchedPages(pages, [t for t in wanted if t in gone], invalid)

    async def iter_titles(
        self, namespace: int = 0, from_title: str | None = None, to_title: str | None = None
    ) -> AsyncIterator[str]:
        """Titles only (``list=allpages``, ``aplimit=max``: 500 or 5000 per request), ``from <= t < to``."""
        params: dict[str, Any] = {"action": "query", "list": "allpages", "apnamespace": namespace, "aplimit": "max"}
        if from_title is not None:
            params["apfrom"] = from_title
        if to_title is not None:
            params["apto"] = to_title
        end = title_key(to_title) if to_title is not None else None
        what = f"titles of namespace {namespace}" + _range_text(from_title, to_title)
        async for answer in self._continued(params, what):
            for item in (answer.get("query") or {}).get("allpages", []):
                title = item.get("title", "")
                if end is None or title_key(title) < end:
                    yield title

    async def recent_changes(
        self,
        since: datetime | str,
        until: datetime | str | None = None,
        namespace: int | None = 0,
    ) -> AsyncIterator[Change]:
        """Edits, creations and logged events (deletions, moves, …) from ``since`` on, oldest first.

        ``since``/``until``: aware datetimes or MediaWiki timestamps ("2024-05-01T00:00:00Z"); naive
        datetimes count as UTC. ``namespace=None``: all namespaces. The wiki keeps recent changes for
        ``$wgRCMaxAge`` only (30 days on Wikimedia wikis).
        """
        params: dict[str, Any] = {
            "action": "query",
            "list": "recentchanges",
            "rcdir": "newer",
            "rcstart": _timestamp(since),
            "rctype": "edit|new|log",
            "rcprop": "title|ids|timestamp|loginfo|redirect",
            "rclimit": "max",
        }
        if until is not None:
            params["rcend"] = _timestamp(until)
        if namespace is not None:
            params["rcnamespace"] = namespace
        what = f"recent changes since {params['rcstart']}" + (f" until {params['rcend']}" if until else "")
        async for answer in self._continued(params, what):
            for item in (answer.get("query") or {}).get("recentchanges", []):
                yield _change_of(item)

    async def request(self, params: Mapping[str, Any], *, what: str = "") -> dict[str, Any]:
        """One API call (with the etiquette and retries); returns the decoded JSON answer."""
        http = self._http
        if http is None:
            raise ApiError(f"{self.api_url}: use the client as 'async with MediaWikiClient(...) as wiki:'")
        full = {k: _value(v) for k, v in params.items() if v is not None}
        full.update({"format": "json", "formatversion": "2", "maxlag": str(self.max_lag)})
        asked = what or _short(" ".join(f"{k}={v}" for k, v in params.items()), 160)
        attempts = self.max_retries + 1
        async with self._lock:
            for attempt in range(1, attempts + 1):
                await self._pace()
                problem, retry_after = await self._attempt(http, full, asked, attempt, attempts)
                if problem is None:
                    return retry_after  # type: ignore[return-value]  # the answer
                where = f"{self.api_url}: {problem} (asking for {asked}; attempt {attempt} of {attempts})"
                if attempt == attempts:
                    raise ApiError(f"{where}; giving up")
                if retry_after is not None and retry_after > self.max_retry_after:
                    raise ApiError(
                        f"{where}; the server asks to wait {retry_after:g} s, more than max_retry_after="
                        f"{self.max_retry_after:g} s; giving up"
                    )
                delay = self._backoff(attempt, retry_after)
                log.warning("%s; retrying in %.1f s", where, delay)
                self.retries += 1
                self.waited += delay
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    # ------------------------------------------------------------------ internals

    async def _attempt(
        self, http: httpx.AsyncClient, params: dict[str, str], asked: str, attempt: int, attempts: int
    ) -> tuple[str | None, Any]:
        """Send once. (None, answer) on success; (problem, retry_after seconds or None) when worth a retry.

        Raises ApiError at once for answers a retry will not change.
        """
        encoded = urlencode(params)
        slot = self.slot() if self.slot is not None else contextlib.nullcontext()
        where = f"{self.api_url} (asking for {asked}; attempt {attempt} of {attempts})"
        try:
            async with slot:
                self._last_start = time.monotonic()
                self.requests += 1
                if len(encoded) > _GET_LIMIT:
                    response = await http.post(
                        self.api_url, content=encoded,
                        headers={"Content-Type": "application/x-www-form-urlencoded"},
                    )
                else:
                    response = await http.get(self.api_url, params=params)
                body = response.content
        except httpx.TimeoutException as exc:
            return f"no answer within the timeout of {self.timeout:g} s ({type(exc).__name__})", None
        except httpx.TransportError as exc:
            return f"connection failed ({type(exc).__name__}: {exc})", None
        status = response.status_code
        if status in _RETRY_STATUS:
            return f"HTTP {status} {response.reason_phrase}", _retry_after(response)
        if 300 <= status < 400:
            location = response.headers.get("Location", "?").split("?", 1)[0]
            raise ApiError(f"{where}: HTTP {status} redirect to {location}; give that URL as api_url")
        if status >= 400:
            raise ApiError(f"{where}: HTTP {status} {response.reason_phrase}: {_snippet(body)}")
        try:
            data = response.json()
        except ValueError:
            kind = response.headers.get("Content-Type", "no Content-Type")
            raise ApiError(
                f"{where}: the answer is not JSON (HTTP {status}, {kind}, {len(body)} bytes: {_snippet(body)}); "
                "is this the URL of api.php?"
            ) from None
        if not isinstance(data, dict):
            raise ApiError(f"{where}: the answer is JSON but not an object: {_snippet(body)}")
        error = data.get("error")
        if error is not None:
            code = str(error.get("code", "?")) if isinstance(error, dict) else "?"
            info = str(error.get("info", "")) if isinstance(error, dict) else str(error)
            if code in _RETRY_CODES:
                # without a Retry-After header: plain backoff (maxlag's "lag" is not a wait time)
                return f"API error {code}: {info}", _retry_after(response)
            raise ApiError(f"{where}: API error {code}: {info}")
        self._log_warnings(data.get("warnings"))
        return None, data

    async def _pace(self) -> None:
        if self.rate_limit is None or self._last_start is None:
            return
        wait = self._last_start + 1.0 / self.rate_limit - time.monotonic()
        if wait > 0:
            self.waited += wait
            await asyncio.sleep(wait)

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        backoff = min(self.max_backoff, self.backoff_base * 2 ** (attempt - 1)) * random.uniform(0.5, 1.0)
        if retry_after is None:
            return backoff
        # never sooner than asked; a little jitter on top so many clients do not return in step
        return retry_after + random.uniform(0, min(1.0, 0.1 * retry_after + 0.05))

    def _log_warnings(self, warnings: Any) -> None:
        if not isinstance(warnings, dict):
            return
        for module, text in warnings.items():
            message = text.get("warnings", text) if isinstance(text, dict) else text
            message = str(message)
            if module == "result" and "truncated" in message:
                continue  # result size limit: handled by continuation
            key = f"{module}:{message}"
            if key not in self._warned and len(self._warned) < 100:
                self._warned.add(key)
                log.warning("%s: API warning from %s: %s", self.api_url, module, _short(message, 300))

    async def _continued(self, params: Mapping[str, Any], what: str) -> AsyncIterator[dict[str, Any]]:
        """Each answer of a continued query: the ``continue`` object is merged into the original request."""
        cont: dict[str, Any] = {}
        recent: deque[int] = deque()  # fingerprints of the last _CYCLE_WINDOW continue objects
        seen: set[int] = set()
        while True:
            answer = await self.request({**params, **cont}, what=what + _cont_text(cont))
            yield answer
            nxt = answer.get("continue")
            if not nxt:
                return
            if not isinstance(nxt, dict):
                raise ApiError(f"{self.api_url}: odd 'continue' in the answer for {what}: {nxt!r}")
            mark = hash(tuple(sorted((str(k), str(v)) for k, v in nxt.items())))
            if mark in seen:
                raise ApiError(
                    f"{self.api_url}: continuation goes round in circles for {what} (continue={nxt!r} came "
                    "before; a single page larger than the API's result size limit?)"
                )
            seen.add(mark)
            recent.append(mark)
            if len(recent) > _CYCLE_WINDOW:
                seen.discard(recent.popleft())
            cont = nxt

    async def _page_batches(
        self, params: Mapping[str, Any], what: str
    ) -> AsyncIterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        """Complete batches: pages merged over the answers until ``batchcomplete``, in title order, and
        those answers."""
        pending: dict[Any, dict[str, Any]] = {}
        answers: list[dict[str, Any]] = []
        async for answer in self._continued(params, what):
            answers.append(answer)
            for raw in (answer.get("query") or {}).get("pages", []) or []:
                key = raw.get("pageid") or ("title", raw.get("ns"), raw.get("title"))
                seen = pending.get(key)
                if seen is None:
                    pending[key] = dict(raw)
                elif raw.get("revisions"):
                    merged = {r.get("revid"): r for r in (seen.get("revisions") or []) + raw["revisions"]}
                    seen.update({k: v for k, v in raw.items() if k != "revisions"})
                    seen["revisions"] = list(merged.values())
            if answer.get("batchcomplete"):
                if pending:
                    yield _in_title_order(pending), answers
                pending, answers = {}, []
        if pending:  # an answer without batchcomplete and without continue: yield what there is
            yield _in_title_order(pending), answers

    async def _page_of(self, raw: dict[str, Any], what: str) -> Page:
        revisions = raw.get("revisions") or []
        if not revisions:
            raise ApiError(
                f"{self.api_url}: page {raw.get('title')!r} (id {raw.get('pageid')}) came without a revision "
                f"while asking for {what}"
            )
        rev = max(revisions, key=lambda r: r.get("revid", 0))
        slot = (rev.get("slots") or {}).get("main") or {}
        text = slot.get("content", "") if isinstance(slot.get("content"), str) else ""  # hidden/missing text: ""
        redirect = None
        if raw.get("redirect"):
            redirect = await self._redirect_target(text)
        try:
            return Page(
                title=raw["title"],
                namespace=int(raw["ns"]),
                page_id=int(raw["pageid"]),
                revision_id=int(rev["revid"]),
                timestamp=str(rev.get("timestamp", "")),
                text=text,
                redirect=redirect,
            )
        except (KeyError, TypeError, ValueError):
            raise ApiError(
                f"{self.api_url}: page without title/ns/pageid/revid while asking for {what}: {_snippet(raw)}"
            ) from None

    async def _redirect_target(self, text: str) -> str:
        if self._redirect_re is None:
            data = await self.request(
                {"action": "query", "meta": "siteinfo", "siprop": "magicwords|general"}, what="redirect magic words"
            )
            query = data.get("query") or {}
            aliases = ["#REDIRECT"]
            sensitive = False
            for word in query.get("magicwords", []) or []:
                if word.get("name") == "redirect":
                    aliases = [a for a in word.get("aliases", []) if a] or aliases
                    sensitive = bool(word.get("case-sensitive", False))
            alts = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
            flags = 0 if sensitive else re.IGNORECASE
            self._redirect_re = re.compile(rf"^\s*(?:{alts})\s*:?\s*\[\[:?([^\]\|\n]+)", flags)
            if self._site is None:
                self._first_letter = (query.get("general") or {}).get("case") == "first-letter"
            else:
                self._first_letter = self._site.get("case") == "first-letter"
        match = self._redirect_re.match(text)
        if not match:
            return ""
        target = re.sub(r"[\s_]+", " ", match.group(1).split("#", 1)[0]).strip()
        if target and self._first_letter:
            target = target[0].upper() + target[1:]
        return target


# ---------------------------------------------------------------------- helpers


def _in_title_order(pages: dict[Any, dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(pages.values(), key=lambda p: (p.get("ns", 0), title_key(str(p.get("title", "")))))


def _change_of(item: dict[str, Any]) -> Change:
    rc_type = item.get("type", "")
    log_type = item.get("logtype")
    log_action = item.get("logaction")
    params = item.get("logparams") or {}
    new_title = new_ns = None
    if rc_type in ("edit", "new"):
        kind = rc_type
    elif log_type == "delete" and log_action in ("delete", "delete_redir", "delete_redir2"):
        kind = "delete"
    elif log_type == "delete" and log_action == "restore":
        kind = "restore"
    elif log_type == "move":
        kind = "move"
        if isinstance(params, dict):
            new_title = params.get("target_title")
            new_ns = params.get("target_ns")
    elif log_type in ("import", "merge"):
        kind = log_type
    else:
        kind = "log"
    return Change(
        kind=kind,
        title=item.get("title", ""),
        namespace=int(item.get("ns", 0)),
        timestamp=item.get("timestamp", ""),
        rc_id=int(item.get("rcid", 0)),
        page_id=int(item.get("pageid", 0)),
        revision_id=int(item["revid"]) if item.get("revid") else None,
        old_revision_id=int(item.get("old_revid", 0)) if rc_type in ("edit", "new") else None,
        new_title=new_title,
        new_namespace=int(new_ns) if new_ns is not None else None,
        log_type=log_type,
        log_action=log_action,
        log_id=int(item["logid"]) if item.get("logid") else None,
        redirect=bool(item.get("redirect", False)),
    )


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _timestamp(value: datetime | str) -> str:
    if isinstance(value, str):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _multi(values: Sequence[str]) -> str:
    """A multi-value parameter; values containing "|" need the \\x1f separator form."""
    if any("|" in v for v in values):
        return "\x1f" + "\x1f".join(values)
    return "|".join(values)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list | tuple):
        return _multi([str(v) for v in value])
    return str(value)


def _range_text(start: str | None, end: str | None) -> str:
    if start is None and end is None:
        return ""
    return f" from {start!r}" * (start is not None) + f" up to (excluding) {end!r}" * (end is not None)


def _cont_text(cont: Mapping[str, Any]) -> str:
    shown = {k: v for k, v in cont.items() if k != "continue"}
    return f" (continuing at {_short(repr(shown), 120)})" if shown else ""


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _snippet(body: Any, limit: int = 160) -> str:
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    elif not isinstance(body, str):
        body = repr(body)
    return repr(_short(re.sub(r"\s+", " ", body).strip(), limit))
