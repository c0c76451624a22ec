"""Versioned mapping tables (JSON data files in this package), loaded once."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_table(name: str) -> dict[str, Any]:
    """Parse ``aqea/taxonomy/<name>.json``."""
    return json.loads(resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8"))


def domain_of(language: str) -> int | None:
    """AA byte of a language, or None when AQEA has no domain for it."""
    return load_table("domains")["domains"].get(language)


def category_of(pos: str) -> int | None:
    """QQ byte of a normalised part of speech, or None when unknown."""
    return load_table("categories")["categories"].get(pos)
