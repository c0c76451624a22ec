"""Reader of the Princeton WordNet 3.0 database files (``man 5 wndb``), Debian's build.

``data.{noun,verb,adj,adv}`` hold one synset per line::

    offset lex_filenum ss_type w_cnt word lex_id … p_cnt [sym offset pos src/tgt]… [f_cnt [+ f_num w_num]…] | gloss

``index.sense`` gives each word's sense key and sense number, ``lexnames`` the lexicographer file names. Synset
ids are ``<Debian offset>-<letter of the file>``, as the pointers write them (a pointer to a satellite says
``a``); the synset's ``pos`` keeps ``s``. A line that does not parse becomes a :class:`Rejection` with file and
line number, and the reading goes on.

Debian rebuilt the database from patched sources, which moved byte offsets: :func:`princeton_offset` turns a
Debian offset back into Princeton's released 3.0 offset, the one CILI and OMW use.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from aqea.wordnet.errors import WordnetError
from aqea.wordnet.files import DamagedFile, text_lines
from aqea.wordnet.ili import IliMap, synset_key
from aqea.wordnet.model import Rejection, Relation, RelationKind, Synset, WordSense

FILES = {"n": "data.noun", "v": "data.verb", "a": "data.adj", "r": "data.adv"}
# pointer symbols (wninput(5WN)) → our relation kinds; "\" is "pertains to noun" for adjectives and "derived
# from adjective" for adverbs: both are WN-LMF's pertainym
POINTERS: dict[str, RelationKind] = {
    "!": "antonym", "@": "hypernym", "@i": "instance_hypernym", "~": "hyponym", "~i": "instance_hyponym",
    "#m": "member_holonym", "#s": "substance_holonym", "#p": "part_holonym",
    "%m": "member_meronym", "%s": "substance_meronym", "%p": "part_meronym",
    "=": "attribute", "+": "derivation", "*": "entails", ">": "causes", "^": "also", "$": "verb_group",
    "&": "similar", "<": "participle", "\\": "pertainym",
    ";c": "domain_topic", "-c": "domain_topic_member", ";r": "domain_region", "-r": "domain_region_member",
    ";u": "domain_usage", "-u": "domain_usage_member",
}
_ADJ_MARKER = re.compile(r"\((a|p|ip)\)$")
_EXAMPLE = re.compile(r'"([^"]*)"')

# Debian offset ranges that moved (README "Debian offsets ≠ Princeton offsets"): verbs +18 for Princeton
# 00613018 ≤ o < 02422967, i.e. Debian 00613036 ≤ d < 02422967; adjectives +1 from Princeton 01681477 on.
_SHIFTS = {"v": ((613_036, 2_422_967, 18),), "a": ((1_681_478, 1 << 32, 1),), "s": ((1_681_478, 1 << 32, 1),)}


def princeton_offset(pos: str, debian_offset: int) -> int:
    """The offset Princeton's released WordNet 3.0 gives the synset at ``debian_offset`` in Debian's data file
    of ``pos`` (``n v a s r``); nouns and adverbs are unchanged."""
    for first, end, delta in _SHIFTS.get(pos, ()):
        if first <= debian_offset < end:
            return debian_offset - delta
    return debian_offset


def princeton_synset(synset_id: str) -> str:
    """A WNDB synset id ("01021146-v") as Princeton 3.0 writes it ("01021128-v"), for the CILI/OMW join."""
    offset, _, pos = synset_id.rpartition("-")
    return synset_key(princeton_offset(pos, int(offset)), pos)


def read_lexnames(path: Path) -> dict[int, str]:
    """``lexnames``: ``NN<TAB>name<TAB>category`` → {number: name}."""
    names: dict[int, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise WordnetError(f"{path}: cannot read lexnames: {exc.strerror}") from None
    for number, line in enumerate(lines, 1):
        parts = line.split()
        if len(parts) != 3 or not parts[0].isdigit():
            raise WordnetError(f"{path}: line {number} is not 'NN<TAB>name<TAB>category': {line!r}")
        names[int(parts[0])] = parts[1]
    return names


# (file letter, offset as written, lemma lower-cased) → (sense key, sense number)
SenseIndex = dict[tuple[str, str, str], tuple[str, int]]


def read_sense_index(path: Path) -> tuple[SenseIndex, list[Rejection]]:
    """``index.sense``: ``sense_key offset sense_number tag_cnt`` per line; bad lines come back as rejections."""
    index: SenseIndex = {}
    rejections: list[Rejection] = []
    # a cut or corrupt compressed index raises DamagedFile (a WordnetError): a partial index would reject words
    with contextlib.closing(text_lines(path, "sense index")) as lines:
        for number, line in enumerate(lines, 1):
            parts = line.split()
            lemma, _, rest = parts[0].partition("%") if parts else ("", "", "")
            if len(parts) != 4 or rest[:1] not in ("1", "2", "3", "4", "5") or not parts[2].isdigit():
                rejections.append(Rejection(str(path), f"line {number}", "line does not parse", line[:200]))
                continue
            letter = "-nvara"[int(rest[0])]  # ss_type digit → data file letter (5 = satellite, in data.adj)
            index[(letter, parts[1], lemma)] = (parts[0], int(parts[2]))
    return index, rejections


def read_wndb(db_dir: Path, lexnames: dict[int, str], senses: SenseIndex,
              ili_map: IliMap | None = None) -> Iterator[Synset | Rejection]:
    """Every synset of the four data files (noun, verb, adj, adv), in file order, or a Rejection per bad line."""
    for letter in FILES:
        yield from read_data_file(db_dir / FILES[letter], letter, lexnames, senses, ili_map)


def read_data_file(path: Path, letter: str, lexnames: dict[int, str], senses: SenseIndex,
                   ili_map: IliMap | None = None) -> Iterator[Synset | Rejection]:
    number = 0
    with contextlib.closing(text_lines(path, "WordNet data file")) as lines:
        try:
            for number, line in enumerate(lines, 1):
                if line.startswith("  "):  # the licence header
                    continue
                try:
                    synset = _synset(line.rstrip("\n"), letter, lexnames, senses)
                except _LineError as exc:
                    yield Rejection(str(path), f"line {number}", exc.reason, line.rstrip("\n")[:200])
                    continue
                if ili_map is not None:
                    ili = ili_map.ili(princeton_synset(synset.id))
                    if ili is not None:
                        synset = replace(synset, ili=ili)
                yield synset
        except DamagedFile as exc:  # a compressed copy cut short: the synsets before it stand, then one rejection
            yield Rejection(str(path), f"after line {number}", exc.reason, exc.detail)


class _LineError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _synset(line: str, letter: str, lexnames: dict[int, str], senses: SenseIndex) -> Synset:
    head, bar, gloss = line.partition(" | ")
    if not bar:
        head, bar, gloss = line.partition("|")
    if not bar:
        raise _LineError("no gloss separator '|'")
    tokens = head.split()
    if len(tokens) < 6:
        raise _LineError("line cut short")
    offset, filenum, ss_type = tokens[0], tokens[1], tokens[2]
    if len(offset) != 8 or not offset.isdigit() or not filenum.isdigit():
        raise _LineError("bad synset offset or lex_filenum")
    if not (ss_type == letter or (letter == "a" and ss_type == "s")):
        raise _LineError(f"ss_type {ss_type!r} in the {FILES[letter]} file")
    lexfile = lexnames.get(int(filenum))
    if lexfile is None:
        raise _LineError(f"unknown lex_filenum {filenum}")
    synset_id = f"{offset}-{letter}"
    try:
        w_cnt = int(tokens[3], 16)
        i = 4 + 2 * w_cnt
        words = [(tokens[k], int(tokens[k + 1], 16)) for k in range(4, i, 2)]
        p_cnt = int(tokens[i])
        pointers = [tokens[k:k + 4] for k in range(i + 1, i + 1 + 4 * p_cnt, 4)]
        i += 1 + 4 * p_cnt
        frames: list[tuple[int, int]] = []
        if letter == "v" and i < len(tokens):
            f_cnt = int(tokens[i])
            frames = [(int(tokens[k + 1]), int(tokens[k + 2], 16)) for k in range(i + 1, i + 1 + 3 * f_cnt, 3)]
            i += 1 + 3 * f_cnt
    except (ValueError, IndexError):
        raise _LineError("line cut short") from None
    if i != len(tokens) or len(words) != w_cnt or any(len(p) != 4 for p in pointers):
        raise _LineError("field counts do not match")
    definition, examples = split_gloss(gloss)
    lemmas: list[str] = []
    markers: list[str] = []
    for word, _ in words:
        marker = _ADJ_MARKER.search(word) if letter == "a" else None
        markers.append(marker.group(1) if marker else "")
        lemmas.append((word[:marker.start()] if marker else word).replace("_", " "))
    keys = [senses.get((letter, offset, lemma.replace(" ", "_").lower())) for lemma in lemmas]
    if any(key is None for key in keys):
        missing = [lemma for lemma, key in zip(lemmas, keys, strict=True) if key is None]
        raise _LineError(f"word not in index.sense: {', '.join(missing)}")
    synset_relations: list[Relation] = []
    word_relations: list[list[Relation]] = [[] for _ in words]
    for symbol, target_offset, target_pos, source_target in pointers:
        kind = POINTERS.get(symbol)
        if kind is None or len(source_target) != 4 or target_pos not in FILES:
            raise _LineError(f"bad pointer {symbol} {target_offset} {target_pos} {source_target}")
        target = f"{target_offset}-{target_pos}"
        source_word, target_word = int(source_target[:2], 16), int(source_target[2:], 16)
        if source_word == 0:
            synset_relations.append(Relation(kind, symbol, synset_id, target))
        elif source_word <= len(words):
            key = keys[source_word - 1]
            assert key is not None
            word_relations[source_word - 1].append(Relation(kind, symbol, key[0], target, True, target_word))
        else:
            raise _LineError(f"pointer from word {source_word} of {len(words)}")
    word_senses = tuple(
        WordSense(lemma, ss_type, synset_id, key[0], key[1], relations=tuple(rels), lex_id=lex_id,
                  adjposition=marker)
        for lemma, (_, lex_id), key, rels, marker in zip(lemmas, words, keys, word_relations, markers, strict=True)
        if key is not None
    )
    return Synset(synset_id, ss_type, lexfile, int(filenum), None, (definition,) if definition else (),
                  examples, tuple(lemmas), tuple(synset_relations), word_senses, tuple(frames))


def split_gloss(gloss: str) -> tuple[str, tuple[str, ...]]:
    """``binary compound …; "an example"; "another"`` → (definition, examples): quoted parts are examples."""
    examples = tuple(e.strip() for e in _EXAMPLE.findall(gloss) if e.strip())
    definition = _EXAMPLE.sub("", gloss) if examples else gloss
    return definition.strip().rstrip(";").strip(), examples


