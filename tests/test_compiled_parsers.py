"""The parsers' speed measures. Their modules compiled with Cython (aqea/compiled.py, scripts/compile-parsers.py):
exactly the Python sources' results on every real sample page, and never used once a source has changed since it
was compiled. The garbage collector paused for a batch (guard.collector_paused): restored after it."""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

import aqea.wiktionary.de
import aqea.wiktionary.en
from aqea.compiled import (
    COMPILED_DIR,
    COMPILED_MODULES,
    MANIFEST,
    extension_name,
    in_use,
    source_digest,
    stale_reason,
    use_compiled,
)
from aqea.model import ParseResult
from aqea.sources.dump import iter_pages
from tests.samples import DE_DUMP, EN_DUMP

REPO = Path(__file__).resolve().parent.parent

_PARSE_SAMPLES = """
import pickle, sys
import aqea.wiktionary.de as de, aqea.wiktionary.en as en
from aqea.compiled import in_use
from aqea.sources.dump import iter_pages
from tests.samples import DE_DUMP, EN_DUMP
assert not in_use("aqea.wiktionary") and not in_use("aqea.wiktionary.de")
assert de.parse_pages.__code__.co_filename.endswith("page.py")
de_pages, en_pages = list(iter_pages(DE_DUMP)), list(iter_pages(EN_DUMP))
results = (de.parse_pages(de_pages), [de.parse_page(p) for p in de_pages], en.parse_pages(en_pages))
sys.stdout.buffer.write(pickle.dumps(results))
"""


def _compiled_or_skip() -> None:
    if in_use("aqea.wiktionary") and in_use("aqea.wiktionary.de"):
        return
    reasons = {package: stale_reason(Path(sys.modules[package].__path__[-1]), modules)
               for package, modules in COMPILED_MODULES.items()}
    if os.environ.get("CI") == "true" and shutil.which("cc"):  # `make install` compiles them where it can
        pytest.fail(f"the parser modules are not compiled although a C compiler is here: {reasons}")
    pytest.skip(f"the parser modules are not compiled here (`make compile`): {reasons}")


def test_the_compiled_parser_gives_exactly_the_python_sources_results() -> None:
    _compiled_or_skip()
    assert aqea.wiktionary.de.parse_pages.__module__ == "aqea.wiktionary.de.page"
    assert sys.modules["aqea.wiktionary.de.translations"].__file__.endswith(extension_name("translations"))
    assert sys.modules["aqea.wiktionary.markup"].__file__.endswith(extension_name("markup"))
    env = {**os.environ, "AQEA_PURE_PYTHON": "1", "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", _PARSE_SAMPLES], env=env, cwd=REPO, capture_output=True,
                         check=False, timeout=600)
    assert run.returncode == 0, run.stderr.decode()
    pure_de, pure_de_by_page, pure_en = pickle.loads(run.stdout)

    de_pages, en_pages = list(iter_pages(DE_DUMP)), list(iter_pages(EN_DUMP))
    compiled_de = aqea.wiktionary.de.parse_pages(de_pages)
    assert sum(len(r.lexemes) for r in compiled_de) > 250  # the sample's entries, not an empty run
    assert all(isinstance(r, ParseResult) for r in compiled_de)
    for page, compiled, pure in zip(de_pages, compiled_de, pure_de, strict=True):
        assert compiled == pure, page.title
    assert [aqea.wiktionary.de.parse_page(p) for p in de_pages] == pure_de_by_page
    # the English edition shares the compiled markup and section modules
    assert aqea.wiktionary.en.parse_pages(en_pages) == pure_en


def _package(tmp_path: Path, compiled_from: str) -> Path:
    """A package dir with a module x.py whose "compiled" file was built from ``compiled_from``."""
    package = tmp_path / "pkg"
    (package / COMPILED_DIR).mkdir(parents=True)
    (package / "x.py").write_text("A = 1\n")
    built_from = tmp_path / "built-from.py"
    built_from.write_text(compiled_from)
    (package / COMPILED_DIR / extension_name("x")).write_bytes(b"")
    (package / COMPILED_DIR / MANIFEST).write_text(f'{{"sources": {{"x": "{source_digest(built_from)}"}}}}')
    return package


def test_compiled_modules_are_used_only_while_their_sources_match(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AQEA_PURE_PYTHON", raising=False)
    current = _package(tmp_path / "current", compiled_from="A = 1\n")
    path = [str(current)]
    assert stale_reason(current, ("x",)) is None
    assert use_compiled("pkg", path, ("x",)) and path == [str(current / COMPILED_DIR), str(current)]

    edited = _package(tmp_path / "edited", compiled_from="A = 0\n")  # x.py changed after the build
    path = [str(edited)]
    with caplog.at_level(logging.WARNING, logger="aqea.compiled"):
        assert not use_compiled("pkg", path, ("x",))
    assert path == [str(edited)]  # the sources are imported
    assert "x.py changed since it was compiled" in caplog.text and "make compile" in caplog.text

    (current / COMPILED_DIR / extension_name("x")).unlink()  # built by another Python (another ABI tag)
    assert stale_reason(current, ("x",)) == "x not compiled for this Python"
    (current / COMPILED_DIR / MANIFEST).write_text("{")
    assert stale_reason(current, ("x",)).startswith("unreadable manifest")
    assert stale_reason(tmp_path, ("x",)) == "not compiled"


def test_pure_python_can_be_asked_for(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    current = _package(tmp_path, compiled_from="A = 1\n")
    monkeypatch.setenv("AQEA_PURE_PYTHON", "1")
    path = [str(current)]
    assert not use_compiled("pkg", path, ("x",)) and path == [str(current)]


def test_the_build_script_reports_the_compiled_modules_current() -> None:
    _compiled_or_skip()
    run = subprocess.run([sys.executable, str(REPO / "scripts" / "compile-parsers.py"), "--check"],
                         capture_output=True, text=True, check=False, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_collector_is_paused_for_a_batch_and_restored_after_it_even_when_a_page_fails() -> None:
    """guard.collector_paused: off while the batch parses, on again after it (also when the batch raised and its
    pages were parsed again one by one), a cycle made meanwhile collected by its final pass."""
    import gc
    import weakref

    from aqea.model import Page
    from aqea.wiktionary.guard import collector_paused, parse_batch_guarded

    class Node:
        pass

    seen: list[bool] = []
    made: list[weakref.ref[Node]] = []

    def parse_batch(pages: Sequence[Page], source: str) -> list[ParseResult]:
        seen.append(gc.isenabled())
        node = Node()
        node.self = node  # type: ignore[attr-defined]  # a reference cycle only the collector frees
        made.append(weakref.ref(node))
        if len(pages) > 1:
            raise ValueError("one bad page")
        return [ParseResult()]

    pages = [Page(title=t, namespace=0, page_id=i, revision_id=i, timestamp="2026-12-07T00:00:00Z", text="x")
             for i, t in enumerate(("a", "b"))]
    assert gc.isenabled()
    assert len(parse_batch_guarded(pages, "test", parse_batch)) == 2
    assert seen == [False, False, False] and gc.isenabled()
    assert all(ref() is None for ref in made)  # collected by the final pass, not left for later
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_aqea_sources_says_whether_the_parsers_run_compiled() -> None:
    import json

    aqea = Path(sys.executable).parent / "aqea"
    pure = subprocess.run([str(aqea), "sources", "--json"], env={**os.environ, "AQEA_PURE_PYTHON": "1"},
                          capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(pure.stdout)["compiled_parsers"] == dict.fromkeys(COMPILED_MODULES, "AQEA_PURE_PYTHON is set")
    _compiled_or_skip()
    env = {k: v for k, v in os.environ.items() if k != "AQEA_PURE_PYTHON"}
    shown = subprocess.run([str(aqea), "sources"], env={**env, "COLUMNS": "200"}, capture_output=True, text=True,
                           check=True, timeout=120)
    assert f"Parser modules compiled (make compile), in use: {', '.join(COMPILED_MODULES)}" in shown.stdout
