"""Where the shared WordNet data is: ``$AQEA_SHARED_DATA`` or the first ``shared/data`` beside the repository or
one of its parents (CI puts ``shared/`` beside the clone; worktrees live one level deeper)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from aqea.wordnet.files import WordnetFiles

REPO = Path(__file__).resolve().parents[1]


def shared_data() -> Path | None:
    explicit = os.environ.get("AQEA_SHARED_DATA")
    if explicit:
        return Path(explicit)
    for parent in REPO.parents:
        if (parent / "shared" / "data").is_dir():
            return parent / "shared" / "data"
    return None


def wordnet_files() -> WordnetFiles:
    """The shared WordNet folder, or a skip naming what is missing."""
    root = shared_data()
    if root is None or not (root / "wordnet").is_dir():
        pytest.skip("shared/data/wordnet not found (set AQEA_SHARED_DATA)")
    return WordnetFiles(root / "wordnet")
