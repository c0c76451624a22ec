"""The CPU-bound batch step and conversion, on real pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aqea.convert import content_hash, describe, to_entry
from aqea.errors import ConfigError, DumpError
from aqea.model import Page
from aqea.pipeline import PARSER_VERSION, process_pages
from aqea.sources.dump import iter_pages
from aqea.sources.wiktionary import batched
from aqea.wiktionary.editions import parser_for
from tests.samples import DE_DUMP


def page(i: int, text: str = "x") -> Page:
    return Page(title=f"p{i}", namespace=0, page_id=i, revision_id=i, timestamp="", text=text)


def test_batched_bounds_count_and_size() -> None:
    sizes = [len(b) for b in batched((page(i) for i in range(10)), max_pages=4)]
    assert sizes == [4, 4, 2]
    big = [page(i, "y" * 100) for i in range(5)]
    assert [len(b) for b in batched(big, max_pages=100, max_bytes=250)] == [3, 2]


def test_batched_hands_out_pages_read_before_a_source_error() -> None:
    def failing() -> Iterator[Page]:
        yield from (page(i) for i in range(5))
        raise DumpError("truncated")

    got = []
    with pytest.raises(DumpError, match="truncated"):
        for batch in batched(failing(), max_pages=3):
            got.extend(p.page_id for p in batch)
    assert got == [0, 1, 2, 3, 4]


def test_process_pages_on_the_german_sample_accounts_for_every_page() -> None:
    pages = list(iter_pages(DE_DUMP))
    outcome = process_pages(pages, "dewiktionary")
    assert outcome.pages == 220
    assert outcome.skipped["namespace"] == 18
    pages_with_entries = {e.provenance.record_key for e in outcome.entries}
    rejected = {r.record_key for r in outcome.rejections}
    main = {p.record_key for p in pages if p.namespace == 0}
    assert pages_with_entries | rejected == main  # every article page: entries or a recorded reason
    assert not pages_with_entries & rejected


def test_entry_of_hallo() -> None:
    hallo = next(p for p in iter_pages(DE_DUMP) if p.title == "Hallo")
    entry = next(e for e in process_pages([hallo], "dewiktionary").entries if e.language == "de")
    assert (entry.label, entry.pos, entry.homograph, entry.domain, entry.category) == ("Hallo", "noun", 1, 0x20, 1)
    assert entry.description == "German noun 'Hallo'. lautes Rufen; fröhliches, lautes Durcheinander"
    assert entry.meta["gender"] == ["n"] and entry.meta["title"] == "Hallo"
    assert entry.unaddressed_reason is None
    assert entry.content_hash == to_entry(
        next(lx for lx in parser_for("dewiktionary")([hallo], "dewiktionary")[0].lexemes if lx.language == "de"),
        title="Hallo", parser_version=PARSER_VERSION).content_hash


def test_description_shortens_long_sense_lists() -> None:
    kiefer = next(p for p in iter_pages(DE_DUMP) if p.title == "Kiefer")
    lexemes = parser_for("dewiktionary")([kiefer], "dewiktionary")[0].lexemes
    assert all(describe(lx).startswith("German noun 'Kiefer'.") for lx in lexemes if lx.language == "de")


def test_content_hash_is_order_independent_for_dict_keys() -> None:
    assert content_hash({"a": 1, "b": 2}) == content_hash({"b": 2, "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


def test_unknown_edition_is_a_clear_error() -> None:
    with pytest.raises(ConfigError, match="no parser for 'svwiktionary' yet"):
        parser_for("svwiktionary")
