"""Balanced alphabetical work units for reading a wiki through the Action API.

A :class:`TitleRange` is a half-open interval ``[start, end)`` of titles in MediaWiki's own order:
the UTF-8 bytes of the title with spaces as underscores (:func:`~aqea.sources.mediawiki.title_key`),
i.e. code-point order: digits and punctuation < "A"–"Z" < "_" < "a"–"z" < "À", "Ä", "Ö", "Ü", "ß", "ä",
"é", … (every non-ASCII letter after "z"). ``start=None`` means "from the very first title",
``end=None`` "to the very last", so a plan always covers *every* title, including lower-case ones
(German verbs and adjectives) and those starting with umlauts or other scripts, which a split on
upper-case A–Z misses. Read a range with
``client.iter_pages(from_title=r.start, to_title=r.end)`` (``to_title`` is exclusive there).

Two ways to plan:

* :func:`plan_title_ranges` with a client enumerates the titles (``list=allpages``, ``aplimit=max``:
  no content, 500 titles per request, 5000 with ``apihighlimits``) and cuts them into ``parts``
  ranges of equal title counts. Cost: about 1 request per 500 titles - for de.wiktionary (~1.2 M main
  namespace pages) ~2,400 small requests, ~1/10 of the requests that fetching the content takes
  (50 pages per request), i.e. a few minutes with one request in flight. With a list or other
  iterable of titles (a previous run's titles, a dump's index) it cuts those, without any request.
  Titles created later simply fall into whichever range covers them.
* :func:`static_title_ranges` needs no request at all: it cuts on single leading characters
  weighted by a built-in, rough estimate of how dictionary titles start (a little under half
  upper-case, about half lower-case, a few percent digits/punctuation and non-ASCII). It is
  complete (it still covers every title) but only roughly balanced; use it when enumerating is
  too costly or the wiki is unknown, and prefer more parts than workers to even out the load.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from aqea.errors import AqeaError
from aqea.sources.mediawiki import title_key

if TYPE_CHECKING:
    from aqea.sources.mediawiki import MediaWikiClient

__all__ = ["TitleRange", "plan_title_ranges", "split_titles", "static_title_ranges"]


@dataclass(frozen=True, slots=True)
class TitleRange:
    """Titles ``t`` with ``start <= t < end`` in MediaWiki order; None = unbounded on that side."""

    start: str | None
    end: str | None
    titles_estimate: int | None = None  # titles in the range when planned (None for static ranges)

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and title_key(self.start) >= title_key(self.end):
            raise AqeaError(f"empty title range: start {self.start!r} is not before end {self.end!r}")

    def __contains__(self, title: object) -> bool:
        if not isinstance(title, str):
            return False
        key = title_key(title)
        return (self.start is None or key >= title_key(self.start)) and (self.end is None or key < title_key(self.end))

    @property
    def label(self) -> str:
        """Readable and stable, for unit ids and logs: "[lieben, Mönch)", "[…, Aal)"."""
        return f"[{self.start if self.start is not None else '…'}, {self.end if self.end is not None else '…'})"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TitleRange:
        if "start" not in data or "end" not in data:
            raise AqeaError(f"a title range needs 'start' and 'end' (None for open ends): {data!r}")
        return cls(start=data["start"], end=data["end"], titles_estimate=data.get("titles_estimate"))


async def plan_title_ranges(
    source: MediaWikiClient | Iterable[str],
    parts: int,
    from_title: str | None = None,
    to_title: str | None = None,
    *,
    namespace: int = 0,
) -> list[TitleRange]:
    """Cut ``[from_title, to_title)`` into at most ``parts`` ranges of about equal title counts.

    ``source``: a :class:`~aqea.sources.mediawiki.MediaWikiClient` (its titles in ``namespace`` are
    enumerated) or any iterable of titles. Fewer ranges come back when there are fewer titles than
    ``parts`` (at least one). The first range starts at ``from_title`` (None: the beginning) and the
    last ends at ``to_title`` (None: open-ended), so together they cover every title in between.
    """
    _check_parts(parts)
    if hasattr(source, "iter_titles"):
        titles = [t async for t in source.iter_titles(namespace, from_title, to_title)]  # type: ignore[union-attr]
    else:
        titles = list(source)  # type: ignore[arg-type]
    return split_titles(titles, parts, from_title, to_title)


def split_titles(
    titles: Iterable[str], parts: int, from_title: str | None = None, to_title: str | None = None
) -> list[TitleRange]:
    """The planning of :func:`plan_title_ranges` for titles already at hand (no request)."""
    _check_parts(parts)
    low = title_key(from_title) if from_title is not None else None
    high = title_key(to_title) if to_title is not None else None
    if low is not None and high is not None and low >= high:
        raise AqeaError(f"from_title {from_title!r} is not before to_title {to_title!r}")
    keyed = sorted({(key, t) for t in titles if _within(key := title_key(t), low, high)})
    n = len(keyed)
    k = max(1, min(parts, n))
    cuts = [i * n // k for i in range(k)]  # strictly increasing as k <= n
    starts: list[str | None] = [from_title] + [keyed[c][1] for c in cuts[1:]]
    ends: list[str | None] = [*starts[1:], to_title]
    counts = [(cuts[i + 1] if i + 1 < k else n) - cuts[i] for i in range(k)]
    return [TitleRange(s, e, c) for s, e, c in zip(starts, ends, counts, strict=True)]


# Rough share of dictionary titles by first character (per mille), for static_title_ranges:
# initial-letter frequencies of German/English headwords, the same for upper and lower case.
_LETTERS = {
    "a": 60, "b": 55, "c": 45, "d": 45, "e": 40, "f": 40, "g": 40, "h": 40, "i": 25, "j": 8, "k": 45, "l": 35,
    "m": 50, "n": 22, "o": 18, "p": 55, "q": 4, "r": 40, "s": 110, "t": 45, "u": 25, "v": 30, "w": 30, "x": 2,
    "y": 4, "z": 20,
}
_UPPER_SHARE, _LOWER_SHARE, _OTHER_ASCII_SHARE, _NON_ASCII_SHARE = 0.46, 0.46, 0.03, 0.05


def _static_weights() -> list[tuple[str | None, float]]:
    """(start of a band, weight), bands in title order; the first band starts at None."""
    total = sum(_LETTERS.values())
    bands: list[tuple[str | None, float]] = [(None, _OTHER_ASCII_SHARE)]  # "", digits, punctuation
    bands += [(c.upper(), _UPPER_SHARE * w / total) for c, w in _LETTERS.items()]
    bands += [(c, _LOWER_SHARE * w / total) for c, w in _LETTERS.items()]  # "_", "`" go with "Z"
    bands += [("\u0080", _NON_ASCII_SHARE)]  # every non-ASCII first character ("{", "~" go with "z")
    return bands


def static_title_ranges(parts: int, from_title: str | None = None, to_title: str | None = None) -> list[TitleRange]:
    """``parts`` ranges (fewer if the bounds leave fewer bands) from a built-in estimate; no request.

    Cuts only at single-character band starts ("A", "B", …, "a", …, "\\u0080"), each band weighted
    by the rough share of titles starting there; covers every title in ``[from_title, to_title)``.
    """
    _check_parts(parts)
    low = title_key(from_title) if from_title is not None else None
    high = title_key(to_title) if to_title is not None else None
    if low is not None and high is not None and low >= high:
        raise AqeaError(f"from_title {from_title!r} is not before to_title {to_title!r}")
    bands = _static_weights()
    # keep the band starts strictly inside (from, to); the weights of bands cut off are dropped
    inner = [
        (s, w) for s, w in bands[1:]
        if s is not None and (low is None or title_key(s) > low) and (high is None or title_key(s) < high)
    ]
    cumulative: list[float] = []
    acc = 0.0
    for _, w in inner:
        cumulative.append(acc)
        acc += w
    head = bands[0][1] if low is None else 0.0  # digits and punctuation, when in range
    total = acc + head
    # a cut at band j leaves head + cumulative[j] before it; pick the band nearest each quantile
    positions = [head + c for c in cumulative]
    chosen: list[int] = []
    for i in range(1, parts):
        target = total * i / parts
        j = bisect.bisect_left(positions, target)
        if j > 0 and (j == len(positions) or target - positions[j - 1] <= positions[j] - target):
            j -= 1
        if j < len(positions) and (not chosen or j > chosen[-1]):
            chosen.append(j)
    starts: list[str | None] = [from_title] + [inner[j][0] for j in chosen]
    ends: list[str | None] = [*starts[1:], to_title]
    return [TitleRange(s, e) for s, e in zip(starts, ends, strict=True)]


def _within(key: bytes, low: bytes | None, high: bytes | None) -> bool:
    return (low is None or key >= low) and (high is None or key < high)


def _check_parts(parts: int) -> None:
    if not isinstance(parts, int) or parts < 1:
        raise AqeaError(f"parts must be a positive integer, not {parts!r}")
