"""PanLex language varieties (table ``langvar``) → AQEA languages.

A variety's uid is ``<lang_code>-<var_code as 3 digits>`` (``deu-000``, ``eng-000``, ``cmn-003``): the ISO 639-3
code of its language and PanLex's number for the variety. Its AQEA language is that code mapped by
``taxonomy/iso639_3.json`` (``deu`` → ``de``, ``cmn`` and ``zho`` → ``zh``); a code without a mapping stays as
it is (``yue``, ``aar``): a language of the shared domains. Never guessed:

- a uid (or a langvar id) the table does not hold is an *unknown variety*: its words are rejected and counted;
- ``art-*`` varieties are concepticons and constructed varieties under the collective code ``art``, and ISO
  collective or family codes (type ``c``/``f`` in the Swadesh corpus's ``langs*.txt``) name no one language:
  their words are rejected as ``no AQEA language``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aqea.panlex.files import PanlexError
from aqea.panlex.tables import Rejection, Row, integer, read_rows
from aqea.taxonomy import load_table

UID = re.compile(r"^(?P<lang>[a-z]{3})-(?P<var>\d{3})$")
COLLECTIVE = "art"  # ISO 639-2/5 "artificial languages": PanLex's concepticons and constructed varieties
TABLE_NAMES = ("langvar.json", "langvar.csv", "langvar.json.gz", "langvar.csv.gz", "langvar.json.bz2",
               "langvar.csv.bz2")


@dataclass(frozen=True, slots=True)
class Variety:
    id: int
    lang_code: str
    var_code: int

    @property
    def uid(self) -> str:
        return f"{self.lang_code}-{self.var_code:03d}"


@dataclass(frozen=True, slots=True)
class Varieties:
    by_id: dict[int, Variety]
    by_uid: dict[str, Variety]
    rejections: tuple[Rejection, ...] = ()  # rows of the table itself that could not be read
    source: str = ""  # the file read

    def language(self, uid: str, iso_type: str | None = None) -> str | Rejection:
        """The AQEA language of a variety, or why it has none."""
        variety = self.by_uid.get(uid)
        if variety is None:
            return Rejection(uid, uid, "unknown language variety", f"{uid} is not in {self.source}")
        if variety.lang_code == COLLECTIVE or iso_type in ("c", "f"):
            kind = "a concepticon or constructed variety" if variety.lang_code == COLLECTIVE else (
                f"ISO 639 type {iso_type}: a collective or family code")
            return Rejection(uid, uid, "no AQEA language", f"{uid} is {kind}, not one language")
        return our_language(variety.lang_code)


def our_language(iso639_3: str) -> str:
    """Our code for an ISO 639-3 code (``deu`` → ``de``); a code without a mapping stays as it is."""
    return _codes().get(iso639_3, iso639_3)


@cache
def _codes() -> dict[str, str]:
    return dict(load_table("iso639_3")["codes"])


def read_varieties(path: Path) -> Varieties:
    """The langvar table (JSON or CSV, any compression); a row without a usable id, lang_code or var_code is a
    rejection. A file that cannot be read at all is a PanlexError: without the table no word has a language."""
    by_id: dict[int, Variety] = {}
    rejections: list[Rejection] = []
    for row in read_rows(path, ("id", "lang_code", "var_code")):
        if isinstance(row, Rejection):
            rejections.append(row)
            continue
        variety = _variety(row)
        if isinstance(variety, str):
            rejections.append(Rejection(path.name, f"line {row.line}", "bad value", variety))
        else:
            by_id[variety.id] = variety
    if not by_id:
        raise PanlexError(f"{path}: no language variety could be read ({len(rejections)} rows rejected)")
    return Varieties(by_id, {v.uid: v for v in by_id.values()}, tuple(rejections), str(path))


def _variety(row: Row) -> Variety | str:
    try:
        variety = Variety(integer(row, "id"), str(row.values["lang_code"]).strip(), integer(row, "var_code"))
    except ValueError as exc:
        return str(exc)
    if not re.fullmatch(r"[a-z]{3}", variety.lang_code) or not 0 <= variety.var_code <= 999:
        return f"lang_code {variety.lang_code!r} / var_code {variety.var_code} do not make a uid"
    return variety


def find_table(location: Path) -> Path | None:
    """The langvar table beside ``location`` (a file's folder, or the folder itself) or in one of its parents
    (the shared layout: ``panlex/langvar.json`` above ``panlex/swadesh/panlex_swadesh/swadesh207``)."""
    folder = location if location.is_dir() else location.parent
    for candidate in (folder, *folder.parents):
        for name in TABLE_NAMES:
            if (candidate / name).is_file():
                return candidate / name
    return None
