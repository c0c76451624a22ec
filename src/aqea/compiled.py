"""The parser's hot modules compiled to C (Cython), used only while they match their Python sources.

`make install` runs ``scripts/compile-parsers.py``, which compiles the modules named in ``COMPILED_MODULES``,
unchanged, into a ``__compiled__`` directory beside each package's sources, with a manifest of the sources'
SHA-256 it was built from. A package whose ``__init__`` calls :func:`use_compiled` then imports those modules
from there — about 13% faster on the German sample, the same results (tests/test_compiled_parsers.py) — but
only while every listed source still has its recorded hash: after an edit the package imports the Python
sources (one warning says to run ``make compile``), so a compiled module can never stand in for code it was
not built from. ``AQEA_PURE_PYTHON=1`` always imports the sources. Without a C compiler or Cython the build
is skipped and the parser runs as Python (slower, the same results).

Only the Python ``.py`` files are edited and committed; ``__compiled__`` is a build product (git-ignored).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import MutableSequence
from importlib import import_module
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

logger = logging.getLogger(__name__)

COMPILED_DIR = "__compiled__"
MANIFEST = "manifest.json"
PURE_PYTHON_ENV = "AQEA_PURE_PYTHON"
PURE_PYTHON_REASON = f"{PURE_PYTHON_ENV} is set"

# package → its modules that are compiled: what the parsers spend their time in (the shared markup and section
# splitting, and every module of each edition's package but its __init__)
COMPILED_MODULES: dict[str, tuple[str, ...]] = {
    "aqea.wiktionary": ("markup", "sections"),
    "aqea.wiktionary.de": ("common", "etymology", "forms", "inflection_table", "page", "pronunciation",
                           "relations", "senses", "translations"),
    "aqea.wiktionary.en": ("common", "etymology", "forms", "head_forms", "headings", "page", "pronunciation",
                           "quotations", "relations", "render", "sense_match", "senses", "topics", "translations"),
}

_not_used_because: dict[str, str | None] = {}  # package → why its compiled modules are not in use; None: in use


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extension_name(module: str) -> str:
    """The file name this interpreter imports a compiled ``module`` from (its ABI tag included)."""
    return module + EXTENSION_SUFFIXES[0]


def stale_reason(package_dir: Path, modules: tuple[str, ...]) -> str | None:
    """Why the compiled modules in ``package_dir/__compiled__`` must not be used; None when they may."""
    compiled = package_dir / COMPILED_DIR
    try:
        recorded = json.loads((compiled / MANIFEST).read_text(encoding="utf-8"))["sources"]
    except FileNotFoundError:
        return "not compiled"
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"unreadable manifest ({exc})"
    for module in modules:
        if not (compiled / extension_name(module)).is_file():
            return f"{module} not compiled for this Python"
        if recorded.get(module) != source_digest(package_dir / f"{module}.py"):
            return f"{module}.py changed since it was compiled"
    return None


def use_compiled(package: str, package_path: MutableSequence[str], modules: tuple[str, ...] | None = None) -> bool:
    """Put the package's compiled modules ahead of its sources on ``package_path`` (the package's ``__path__``)
    when they match the sources; say whether they are in use. ``modules``: those of COMPILED_MODULES."""
    modules = COMPILED_MODULES[package] if modules is None else modules
    package_dir = Path(package_path[0])
    pure = os.environ.get(PURE_PYTHON_ENV) == "1"
    reason = PURE_PYTHON_REASON if pure else stale_reason(package_dir, modules)
    if reason is None:
        package_path.insert(0, str(package_dir / COMPILED_DIR))
    elif (package_dir / COMPILED_DIR).is_dir() and not pure:
        logger.warning("%s runs as Python, not compiled: %s (run `make compile`)", package, reason)
    _not_used_because[package] = reason
    return reason is None


def in_use(package: str) -> bool:
    """Whether ``package`` imports its compiled modules (after its ``__init__`` ran)."""
    return package in _not_used_because and _not_used_because[package] is None


def status() -> dict[str, str | None]:
    """Each package with compiled modules → None when they are in use, else why not (``aqea sources`` shows it)."""
    for package in COMPILED_MODULES:
        import_module(package)
    return {package: _not_used_because.get(package, "not imported") for package in COMPILED_MODULES}
