"""Where the WordNet test data is, on a fresh machine as much as here.

* ``tests/data/wordnet/`` (in the repository): CILI maps, OMW tab files, the OEWN WN-LMF file, ``lexnames`` and
  the mini lexicon (its README gives origins and checksums);
* ``/usr/share/wordnet/``: Princeton WordNet 3.0 from Debian's ``wordnet-base`` + ``wordnet-sense-index``,
  installed by ``make test`` (``scripts/install-wordnet.sh``).

Only when one of them is missing: ``$AQEA_SHARED_DATA/wordnet`` or the first ``shared/data/wordnet`` beside the
repository or one of its parents. Data still missing then is a skip, and under ``CI=true`` a failure: in CI a
skipped data test could never fail, so it must not pass silently.
"""

from __future__ import annotations

import os
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
