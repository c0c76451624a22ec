"""Where the WordNet test data is, on a fresh machine as much as here.

* ``tests/data/wordnet/`` (in the repository): OMW tab files, the OEWN WN-LMF file, ``lexnames`` and
  the mini lexicon (its README gives origins and checksums);
* ``/usr/share/wordnet/``: Princeton WordNet 3.0 from Debian's ``wordnet-base`` + ``wordnet-sense-index``,
  installed by ``make test`` (``scripts/install-wordnet.sh``).

Only when one of them is missing: ``$AQEA_SHARED_DATA/wordnet`` or the first ``shared/data/wordnet`` beside the
repository or one of its parents. Data still missing then is a skip, and under ``CI=true`` a failure: in CI a
skipped data test could never fail, so it must not pass silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import NoReturn

import pytest

from aqea.wordnet.files import WNDB_FILES, WordnetFiles

REPO = Path(__file__).resolve().parents[1]
VENDORED = REPO / "tests" / "data" / "wordnet"
DEBIAN_WNDB = Path("/usr/share/wordnet")


def shared_data() -> Path | None:
    explicit = os.environ.get("AQEA_SHARED_DATA")
    if explicit:
        return Path(explicit)
    for parent in REPO.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return None


def debian_wndb() -> Path | None:
    """``/usr/share/wordnet`` when both Debian packages are installed."""
    if all((DEBIAN_WNDB / name).is_file() for name in (*WNDB_FILES, "index.sense")):
        return DEBIAN_WNDB
    return None


def missing(message: str) -> NoReturn:
    """Skip for want of data; under CI=true fail instead, so CI can never go green without running the test."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message} (CI=true: missing test data is a failure, not a skip)", pytrace=False)
    pytest.skip(message)


def locate(pwn: bool) -> WordnetFiles | str:
    """The WordNet data, with a Princeton database when ``pwn`` (Debian's directory, else the shared tarball), or
    the reason there is none. Without pytest: the benchmark uses it too."""
    if (VENDORED / "lexnames").is_file():
        files = WordnetFiles(VENDORED, debian_wndb())
        if not pwn or files.wndb_dir is not None:
            return files
    shared = shared_data()
    if shared is not None and (shared / "wordnet").is_dir():
        files = WordnetFiles(shared / "wordnet")
        if not pwn or files.wndb_tarball.is_file():
            return files
    if not pwn:
        return f"{VENDORED} is missing (a partial checkout?) and no shared/data/wordnet (set AQEA_SHARED_DATA)"
    return (f"Princeton WordNet 3.0 not found: {DEBIAN_WNDB} lacks data.* or index.sense (install the Debian "
            "packages wordnet-base and wordnet-sense-index: `make system-deps` or, as root, "
            "`bash scripts/install-wordnet.sh`), and no shared/data/wordnet (set AQEA_SHARED_DATA)")


def wordnet_files() -> WordnetFiles:
    """The vendored WordNet folder, with Debian's Princeton database when it is installed (see :func:`pwn_files`
    for tests that need that database)."""
    found = locate(pwn=False)
    if isinstance(found, str):
        missing(found)
    return found


def pwn_files() -> WordnetFiles:
    """:func:`wordnet_files` with a Princeton WordNet 3.0 database: Debian's directory, else the shared tarball."""
    found = locate(pwn=True)
    if isinstance(found, str):
        missing(found)
    return found


def oewn_excerpt(tmp: Path, words: Iterable[str]) -> Path:
    """A small WN-LMF file of real OEWN data: the file's own header and lexicon, the entries of ``words`` and
    every synset their senses name (relations to synsets outside it are left dangling, as in any subset)."""
    wanted_words = frozenset(words)
    import gzip
    import lzma

    from lxml import etree

    source = wordnet_files().oewn_lmf  # .xml.xz when vendored, .xml.gz in shared/data
    opener = lzma.open if source.suffix == ".xz" else gzip.open
    with opener(source, "rb") as fh:
        head = fh.read(4096)
    header = head[: head.index(b">", head.index(b"<Lexicon ")) + 1]  # prolog, root and lexicon start tags
    entries: list[bytes] = []
    wanted: set[str] = set()
    synsets: list[bytes] = []
    with opener(source, "rb") as fh:
        for _, elem in etree.iterparse(fh, tag=("{*}LexicalEntry", "{*}Synset")):
            if elem.tag.endswith("LexicalEntry"):
                if elem.find("Lemma").get("writtenForm") in wanted_words:
                    entries.append(etree.tostring(elem))
                    wanted.update(s.get("synset") for s in elem.iter("Sense"))
            elif elem.get("id") in wanted:
                synsets.append(etree.tostring(elem))
            elem.clear()
    out = tmp / f"oewn-excerpt-{len(wanted_words)}.xml"
    out.write_bytes(header + b"\n" + b"\n".join(entries + synsets) + b"\n</Lexicon>\n</LexicalResource>\n")
    return out
