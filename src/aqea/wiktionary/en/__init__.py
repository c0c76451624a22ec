"""English edition (en.wiktionary.org): the page parser, re-exported from page.py."""

from aqea.wiktionary.en.page import (
    LANGUAGE_NAMES,
    LANGUAGES,
    MAX_EXAMPLES,
    NON_POS,
    POS,
    RELATION_SECTIONS,
    SOURCE,
    heading_pos,
    language_code,
    parse_page,
    parse_pages,
)

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "MAX_EXAMPLES",
    "NON_POS",
    "POS",
    "RELATION_SECTIONS",
    "SOURCE",
    "heading_pos",
    "language_code",
    "parse_page",
    "parse_pages",
]
