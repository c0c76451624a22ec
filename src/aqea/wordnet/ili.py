"""CILI maps: Princeton WordNet 3.0 / 3.1 synset ("offset-pos") → ILI id (``cili/ili-map-pwn{30,31}.tab``, plain,
``.xz`` or ``.gz``).

The files are ``ILI<TAB>offset-pos`` with ``pos`` in ``n v a s r``; OMW writes satellites as ``-a``, so a lookup
of an adjective tries the other letter (``a`` ↔ ``s``) when the one given is not there. In the 3.1 map a synset
can carry several ILIs (3.0 synsets merged in 3.1): :meth:`IliMap.ili` gives the first, ``all_ilis`` every one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aqea.wordnet.errors import WordnetError
from aqea.wordnet.files import text_lines

_OTHER_ADJ = {"a": "s", "s": "a"}


@dataclass(slots=True)
class IliMap:
    """offset-pos → ILI ids, with the satellite fallback."""

    source: str  # file it was read from
    by_synset: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.by_synset)

    def resolve(self, synset: str) -> str | None:
        """The synset id as the map writes it ("01234567-s" for OMW's "01234567-a"), or None if unknown."""
        if synset in self.by_synset:
            return synset
        offset, _, pos = synset.rpartition("-")
        other = _OTHER_ADJ.get(pos)
        if other is not None and f"{offset}-{other}" in self.by_synset:
            return f"{offset}-{other}"
        return None

    def ili(self, synset: str) -> str | None:
        key = self.resolve(synset)
        return self.by_synset[key][0] if key is not None else None

    def all_ilis(self, synset: str) -> tuple[str, ...]:
        key = self.resolve(synset)
        return self.by_synset[key] if key is not None else ()

    def synsets_by_ili(self) -> dict[str, str]:
        """ILI → synset (the 3.0 map is one-to-one; in the 3.1 map an ILI also belongs to one synset)."""
        return {ili: synset for synset, ilis in self.by_synset.items() for ili in ilis}


def synset_key(offset: int, pos: str) -> str:
    """The map's spelling of a synset: 8-digit offset, dash, letter."""
    return f"{offset:08d}-{pos}"


def load_ili_map(path: Path) -> IliMap:
    """Read a CILI map whole (~118,000 rows, a fraction of a second). A row that does not parse is a
    WordnetError: the map is a small curated table, and a join through a damaged one would silently drop concepts."""
    result = IliMap(source=str(path))
    merged: dict[str, list[str]] = {}
    # a cut or corrupt .xz/.gz raises DamagedFile (a WordnetError) from text_lines: never half a map
    for number, line in enumerate(text_lines(path, "ILI map"), 1):
        line = line.rstrip("\n")
        if not line:
            continue
        ili, sep, synset = line.partition("\t")
        if not sep or not ili.startswith("i") or len(synset) != 10 or synset[8] != "-":
            raise WordnetError(f"{path}: line {number} is not 'ILI<TAB>offset-pos': {line[:80]!r}")
        merged.setdefault(synset, []).append(ili)
    result.by_synset = {synset: tuple(ilis) for synset, ilis in merged.items()}
    return result
