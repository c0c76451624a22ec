"""French-edition (fr.wiktionary.org, "Wiktionnaire") page parser.

One module per concern: page.py (language and part-of-speech sections, homographs),
pronunciation.py (headword line, {{S|prononciation}}), senses.py (definitions, examples, labels),
glosses.py (which sense a translation box or word list means), translations.py, relations.py
(word lists), forms.py (|flexion sections → form_of), text.py (French markup → plain text),
tables.py (the taxonomy/*_fr.json tables). Same contract as aqea.wiktionary.de / .en.
"""

from __future__ import annotations

from collections.abc import Sequence

from aqea.model import Page, ParseResult
from aqea.wiktionary.fr.page import REDIRECT_RE, parse
from aqea.wiktionary.guard import parse_batch_guarded, skip_result

SOURCE = "frwiktionary"

__all__ = ["SOURCE", "parse_page", "parse_pages"]


def parse_page(page: Page, source: str = SOURCE) -> ParseResult:
    """Parse one French Wiktionary page into lexemes. Never raises.

    Non-article namespaces and redirects are ``skipped``; pages without a ``{{langue|…}}`` section
    or without a part-of-speech section get a ``rejection``; any internal error becomes a
    ``Rejection(reason="parser error")``.
    """
    return parse_batch_guarded([page], source, _parse_batch)[0]


def parse_pages(pages: Sequence[Page], source: str = SOURCE) -> list[ParseResult]:
    """:func:`parse_page` of each page, in order. A page the parser fails on becomes a
    ``parser error`` rejection; the others are unaffected."""
    return parse_batch_guarded(pages, source, _parse_batch)


def _parse_batch(pages: Sequence[Page], source: str) -> list[ParseResult]:
    return [skip_result(page, REDIRECT_RE) or parse(page, source) for page in pages]
