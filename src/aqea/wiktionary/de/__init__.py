"""German edition (de.wiktionary.org): the page parser, re-exported from page.py."""

from aqea.wiktionary.de.page import (
    GENDER_TEMPLATES,
    LANGUAGES,
    POS,
    POS_REFINE,
    RELATION_BLOCKS,
    SOURCE,
    _etymology,
    _hyphenation,
    line_targets,
    parse_page,
    parse_pages,
    pos_class,
    sense_numbers,
)

__all__ = [
    "GENDER_TEMPLATES",
    "LANGUAGES",
    "POS",
    "POS_REFINE",
    "RELATION_BLOCKS",
    "SOURCE",
    "_etymology",
    "_hyphenation",
    "line_targets",
    "parse_page",
    "parse_pages",
    "pos_class",
    "sense_numbers",
]
