"""Wiktionary editions with a parser, found by dbname through the entry-point group ``aqea.wiktionary_editions``.

Each edition is a package (``aqea.wiktionary.de``, ``.en``, ``.fr``) whose ``parse_pages(pages, edition)``
turns a batch of pages into one ``ParseResult`` each. A third-party package adds an edition with one entry::

    [project.entry-points."aqea.wiktionary_editions"]
    svwiktionary = "my_package.sv:parse_pages"
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import import_module
from importlib.metadata import entry_points

from aqea.errors import ConfigError
from aqea.model import Page, ParseResult

GROUP = "aqea.wiktionary_editions"
BUILT_IN = {
    "dewiktionary": "aqea.wiktionary.de:parse_pages",
    "enwiktionary": "aqea.wiktionary.en:parse_pages",
    "frwiktionary": "aqea.wiktionary.fr:parse_pages",
}

# pages → one result per page, in order (a batch parses faster than its pages one by one)
Parser = Callable[[Sequence[Page], str], list[ParseResult]]


@cache
def edition_parsers() -> dict[str, str]:
    """dbname → "module:function" of every edition with a parser."""
    found = dict(BUILT_IN)
    for ep in entry_points(group=GROUP):
        if found.get(ep.name, ep.value) != ep.value:
            raise ConfigError(f"edition {ep.name!r} has two parsers: {found[ep.name]} and {ep.value}")
        found[ep.name] = ep.value
    return dict(sorted(found.items()))


def supported_editions() -> tuple[str, ...]:
    return tuple(edition_parsers())


@cache
def parser_for(edition: str) -> Parser:
    """The wikitext parser of an edition (dbname, e.g. "dewiktionary")."""
    target = edition_parsers().get(edition)
    if target is None:
        raise ConfigError(f"no parser for {edition!r} yet (supported: {', '.join(supported_editions())})")
    module_name, _, attr = target.partition(":")
    parser: Parser = getattr(import_module(module_name), attr)
    return parser


def choose_edition(asked: str | None, site_edition: str, origin: str, *, force: bool = False) -> str:
    """The edition whose parser reads ``origin``: ``asked`` (``--edition``) or else the site's own (its
    ``<siteinfo>`` dbname). Refused when no parser exists, or when ``asked`` contradicts a Wiktionary site
    (German pages read by the English parser give nonsense rejections) unless ``force``.
    """
    edition = asked or site_edition
    if edition not in edition_parsers():
        whose = "" if asked else f" ({origin} is {site_edition!r}; name one with --edition)"
        raise ConfigError(f"no parser for edition {edition!r}{whose}; supported: {', '.join(supported_editions())}")
    if asked and asked != site_edition and site_edition.endswith("wiktionary") and not force:
        raise ConfigError(f"{origin} is {site_edition}, not {asked}: its pages would be parsed with the wrong "
                          f"edition's rules (pass --force-edition to do it anyway)")
    return edition
