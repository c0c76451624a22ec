"""The Open Multilingual Wordnet's word lists behind the source protocol (``wordnet-omw``): German, French,
Spanish, Italian and English words hung on Princeton WordNet 3.0 synsets, each joined to its ILI concept.

Two projects, two licences: the Wiktionary-derived files (``wn-wikt-deu.tab`` …) are stored as edition
``omw-wikt``, the CLDR ones (``wn-cldr-fra.tab`` …) as ``omw-cldr``, so a word both give is two views of one
entry, each with its own licence. A run stores one edition: a folder holding both needs ``--edition``.

The location is one tab file (plain, ``.xz`` or ``.gz``) or a folder of them; a unit is one file. A word's
rows are spread over the file (it is ordered by synset), so ``read`` reads the file whole (≤ 50,000 rows), then
hands out one record per (language, lemma, part of speech) in key order, each carrying its lexeme — one sense
per synset (OMW gives no gloss), one ``concept`` link per sense to its ILI. The concepts themselves come from
OEWN or Princeton WordNet; a link resolves once its concept is stored. A word's key matches the Wiktionary and
WordNet entries of the same (language, lemma, part of speech, homograph 1), so it merges onto them as a view.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

from aqea.errors import ConfigError
from aqea.model import Lexeme, ParseResult, Rejection, Sense
from aqea.settings import Settings
from aqea.sources.base import Checkpoint, PlanRequest, ReadContext, Record, RunPlan, WorkUnit
from aqea.sources.wordnet import WordnetItem, in_order, unwrap
from aqea.taxonomy.registry import CONCEPT_LANGUAGE
from aqea.wordnet import licences
from aqea.wordnet import model as wn
from aqea.wordnet.errors import WordnetError
from aqea.wordnet.files import bundled_ili_map, open_text, stored
from aqea.wordnet.ili import IliMap, load_ili_map
from aqea.wordnet.omw import our_language, read_omw

NAME = "wordnet-omw"
# OMW project (in the file name ``wn-<project>-<lang>.tab``) → the edition its words are stored as
EDITIONS = {"wikt": licences.OMW_WIKT.source, "cldr": licences.OMW_CLDR.source}
# the header's first field names the project too: "# Wiktionary<TAB>deu…", "# cldr<TAB>fra…"
_HEADER_PROJECTS = {"wiktionary": "wikt", "cldr": "cldr"}
_FILE_NAME = re.compile(r"^wn-(?P<project>[a-z]+)-(?P<language>[a-z]{3})\.tab(?:\.xz|\.gz)?$")
_FATAL = frozenset({"truncated file", "corrupt file"})  # read_omw's reasons for a file that broke off
_LOWER_LATIN_START = re.compile(r"^[a-zäöüß]")


_EDITION_LICENCES = {s.source: (s.licence, licences.with_ili(s.attribution))
                     for s in (licences.OMW_WIKT, licences.OMW_CLDR)}


class OmwUnit(WorkUnit):
    path: str


class OmwSource:
    name: ClassVar[str] = NAME
    description: ClassVar[str] = ("Open Multilingual Wordnet word lists (wn-wikt-*.tab, wn-cldr-*.tab): words of "
                                  "many languages linked to ILI concepts")
    license: ClassVar[str] = (f"{licences.OMW_WIKT.licence} ({licences.OMW_WIKT.source}); "
                              f"{licences.OMW_CLDR.licence} ({licences.OMW_CLDR.source})")
    attribution: ClassVar[str] = f"{licences.OMW_WIKT.attribution}. {licences.OMW_CLDR.attribution}"
    unit_type: ClassVar[type[WorkUnit]] = OmwUnit
    # small records (a word and its synsets): batches of 5 × the pages setting, as WordNet's
    batch_scale: ClassVar[int] = 5

    def licence_for(self, edition: str) -> tuple[str, str]:
        """Each edition's own licence and attribution: the words of a run carry those of its edition."""
        own = _EDITION_LICENCES.get(edition)
        return own if own is not None else (self.license, self.attribution)

    async def plan(self, request: PlanRequest, settings: Settings) -> RunPlan:
        if request.edition is not None and request.edition not in EDITIONS.values():
            raise ConfigError(f"wordnet-omw has no edition {request.edition!r}; choose "
                              f"{' or '.join(EDITIONS.values())}")
        files = _tab_files(request.location)
        found = {path: _file_kind(path) for path in files}  # path → (edition, ISO 639-3 language)
        edition = request.edition
        if Path(str(request.location)).is_dir():
            editions = sorted({e for e, _ in found.values()})
            if edition is None and len(editions) > 1:
                raise ConfigError(f"{request.location} holds OMW files of {' and '.join(editions)}: a run stores "
                                  f"one edition, choose it with --edition {'|'.join(editions)}")
            edition = edition or editions[0]
            files = [p for p in files if found[p][0] == edition]
            if not files:
                raise ConfigError(f"{request.location} holds no OMW files of {edition} (it has "
                                  f"{', '.join(editions)})")
        else:
            own = found[files[0]][0]
            if edition is not None and edition != own and not request.force_edition:
                raise ConfigError(f"{files[0]} is an {own} file, not {edition} (--force-edition stores it as "
                                  f"{edition} anyway)")
            edition = edition or own
        units = [OmwUnit(source=NAME, edition=edition, unit_id=_unit_id(p), path=str(p)) for p in files]
        languages = sorted({our_language(found[p][1]) for p in files})
        return RunPlan(NAME, edition, languages[0] if len(languages) == 1 else "mul", str(request.location), units)

    async def read(self, unit: WorkUnit, checkpoint: Checkpoint, *, batch_records: int, max_records: int | None,
                   context: ReadContext) -> AsyncIterator[Sequence[Record]]:
        assert isinstance(unit, OmwUnit)
        items, fault = await asyncio.to_thread(omw_items, Path(unit.path), unit.edition)
        async for batch in in_order(items, fault, checkpoint, batch_records, max_records):
            yield batch

    def parse(self, unit: WorkUnit, records: Sequence[Record]) -> list[ParseResult]:
        return unwrap(records)


@cache
def _ili_map() -> IliMap:
    """OMW's offsets are Princeton WordNet 3.0's: the 3.0 CILI map shipped with the package (once per process)."""
    return load_ili_map(bundled_ili_map("30"))


@dataclass(slots=True)
class _Word:
    written: str  # as the file writes it (before the German noun capital)
    senses: list[tuple[str, str]]  # (synset, ILI) in file order, each once


def omw_items(path: Path, edition: str, ili_map: IliMap | None = None) -> tuple[list[WordnetItem], str | None]:
    """Every record of an OMW file in a fixed order (words by ``language:pos:lemma``, then the rows it rejected,
    ``rejected:<file>:line N``), and the fault that ended the file early, if any (the rows before it are kept)."""
    words: dict[tuple[str, str, str], _Word] = {}
    rejections: list[wn.Rejection] = []
    fault: wn.Rejection | None = None
    try:
        for row in read_omw(path, ili_map or _ili_map()):
            if isinstance(row, wn.Rejection):
                if row.reason in _FATAL:
                    fault = row
                else:
                    rejections.append(row)
                continue
            pos = wn.POS_NAMES[row.synset[-1]]
            lemma = written_lemma(row.language, pos, row.lemma)
            word = words.setdefault((row.language, pos, lemma), _Word(row.lemma, []))
            if (row.synset, row.ili) not in word.senses:  # a row repeated, or "rosa" next to "Rosa"
                word.senses.append((row.synset, row.ili))
    except WordnetError as exc:  # the file cannot be opened at all
        return [], str(exc)
    items = [WordnetItem(lx.record_key, lx.record_version, lx)
             for lx in (word_lexeme(lang, pos, lemma, w, edition) for (lang, pos, lemma), w in words.items())]
    items.sort(key=lambda i: i.key)
    items += [WordnetItem(key, version, rejection=Rejection(edition, f"{path.name} {r.where}", r.reason, r.detail,
                                                              key, version))
              for r in rejections
              for key, version in [(f"rejected:{_unit_id(path)}:{r.where}", _digest([r.reason, r.detail]))]]
    if fault is None:
        return items, None
    return items, f"{path}: {fault.reason} {fault.where}: {fault.detail}"


def written_lemma(language: str, pos: str, lemma: str) -> str:
    """The lemma as the entry key writes it. German nouns take a capital: OMW's German Wiktionary list has 70
    one-word nouns in lower case (``rennen``, ``rosa``, ``ekel`` where de.wiktionary has *Rennen*, *Rosa*,
    *Ekel*). Phrases keep their case (``blaues Auge``), as do words not starting with a Latin letter."""
    if language == "de" and pos == "noun" and " " not in lemma and _LOWER_LATIN_START.match(lemma):
        return lemma[0].upper() + lemma[1:]
    return lemma


def word_lexeme(language: str, pos: str, lemma: str, word: _Word, edition: str) -> Lexeme:
    """One sense per synset, numbered in file order, with no gloss (OMW gives none): the synset and ILI are in
    ``extra`` (``synsets``, ``ilis``, by sense), and each sense links to its concept."""
    synsets = [s for s, _ in word.senses]
    ilis = [i for _, i in word.senses]
    extra: dict[str, object] = {"synsets": synsets, "ilis": ilis}
    if word.written != lemma:
        extra["omw_lemma"] = word.written
    return Lexeme(
        language=language, lemma=lemma, pos=pos, pos_names=(pos,), homograph=1, source=edition,
        record_key=f"{language}:{pos}:{lemma}", record_version=_digest([word.written, synsets, ilis]),
        senses=tuple(Sense(str(n), "") for n in range(1, len(synsets) + 1)),
        relations=tuple(("concept", ili, CONCEPT_LANGUAGE, str(n), "") for n, ili in enumerate(ilis, 1)),
        extra=extra,
    )


def _digest(parts: object) -> str:
    """A word's version: changes exactly when its synsets (or its spelling in the file) do."""
    blob = json.dumps(parts, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(blob.encode("utf-8"), digest_size=8).hexdigest()


def _tab_files(location: str | None) -> list[Path]:
    """The OMW files at ``location``: the file itself, or a folder's ``wn-*.tab`` (``.xz``, ``.gz``; one file per
    name, the plain one first)."""
    if location is None:
        raise ConfigError("wordnet-omw needs an OMW tab file or a folder of them (wn-wikt-deu.tab …)")
    path = Path(location)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ConfigError(f"OMW tab file or folder not found: {location}")
    names = {p.name.partition(".tab")[0] for p in path.glob("wn-*.tab*") if _FILE_NAME.match(p.name)}
    if not names:
        raise ConfigError(f"{location} holds no OMW tab files (wn-<project>-<language>.tab, .tab.xz or .tab.gz)")
    return sorted(stored(path / f"{name}.tab") for name in names)


def _file_kind(path: Path) -> tuple[str, str]:
    """(edition, ISO 639-3 language) of a file, from its name, else from its header line."""
    match = _FILE_NAME.match(path.name)
    if match and match["project"] in EDITIONS:
        return EDITIONS[match["project"]], match["language"]
    try:
        with open_text(path, "OMW file") as fh:
            header = fh.readline()
    except (WordnetError, EOFError, OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read its OMW header: {exc}") from None
    fields = header[1:].strip().split("\t") if header.startswith("#") else []
    project = _HEADER_PROJECTS.get(fields[0].lower()) if fields else None
    if project is None or len(fields) < 2:
        raise ConfigError(f"{path}: neither its name (wn-wikt-*.tab, wn-cldr-*.tab) nor its header "
                          f"({header.strip()[:80]!r}) says whether it is an OMW Wiktionary or CLDR file")
    return EDITIONS[project], fields[1]


def _unit_id(path: Path) -> str:
    return path.name.partition(".tab")[0]
