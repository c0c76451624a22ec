"""Compile the parser's hot modules with Cython (see src/aqea/compiled.py): `make compile`, run by `make install`.

    .venv/bin/python scripts/compile-parsers.py [--check]

The Python sources are compiled unchanged, in a scratch tree under build/ (no generated C lands in src/), into
``<package>/__compiled__/`` with a manifest of the sources' SHA-256; a package uses them only while its sources
still match. Without Cython or a C compiler it prints one line and exits 0: the parser then runs as Python.
``--check`` only says whether the compiled modules are current (exit 0) or not (exit 1).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))

from aqea.compiled import (  # noqa: E402
    COMPILED_DIR,
    COMPILED_MODULES,
    MANIFEST,
    extension_name,
    source_digest,
    stale_reason,
)


def package_dir(package: str) -> Path:
    return SRC.joinpath(*package.split("."))


def stale_packages() -> dict[str, str]:
    reasons = {package: stale_reason(package_dir(package), modules) for package, modules in COMPILED_MODULES.items()}
    return {package: reason for package, reason in reasons.items() if reason is not None}


def compile_all(build_root: Path) -> None:
    from Cython.Build import cythonize  # build-time only (requirements/build.in)
    from setuptools import Distribution, Extension

    scratch = build_root / "src"
    extensions = []
    digests: dict[str, dict[str, str]] = {}
    for package, modules in COMPILED_MODULES.items():
        # the package skeleton (empty __init__ files) tells Cython each module's full name
        parts = package.split(".")
        for depth in range(1, len(parts) + 1):
            init = scratch.joinpath(*parts[:depth], "__init__.py")
            init.parent.mkdir(parents=True, exist_ok=True)
            init.touch()
        digests[package] = {}
        for module in modules:
            source = package_dir(package) / f"{module}.py"
            copy = scratch.joinpath(*parts, f"{module}.py")
            shutil.copyfile(source, copy)
            digests[package][module] = source_digest(copy)  # the hash of exactly what is compiled
            # -O2 (after Python's own -O3, so it wins): compiles in about half the time, no slower measurably
            extensions.append(Extension(f"{package}.{module}", [str(copy)], extra_compile_args=["-O2"]))
    compiled = cythonize(extensions, compiler_directives={"language_level": 3, "infer_types": True, "binding": False},
                         build_dir=str(build_root / "c"), nthreads=os.cpu_count() or 1, quiet=True)
    dist = Distribution({"name": "aqea-compiled-parsers", "ext_modules": compiled})
    command = dist.get_command_obj("build_ext")
    command.build_lib = str(build_root / "lib")
    command.build_temp = str(build_root / "temp")
    command.parallel = os.cpu_count() or 1
    dist.run_command("build_ext")
    for package, modules in COMPILED_MODULES.items():
        target = package_dir(package) / COMPILED_DIR
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir()
        for module in modules:
            shutil.copyfile(build_root.joinpath("lib", *package.split("."), extension_name(module)),
                            target / extension_name(module))
        manifest = {"sources": digests[package], "python": sys.version.split()[0],
                    "cython": __import__("Cython").__version__}
        (target / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether the compiled modules are current")
    args = parser.parse_args()
    stale = stale_packages()
    if args.check:
        for package, reason in stale.items():
            print(f"{package}: {reason}")
        return 1 if stale else 0
    if not stale:
        print("compile-parsers: the compiled parser modules are current")
        return 0
    try:
        import Cython  # noqa: F401
    except ImportError:
        print("compile-parsers: Cython is not installed; the parser runs as Python (slower, same results)")
        return 0
    if shutil.which(os.environ.get("CC", "cc")) is None:
        print("compile-parsers: no C compiler (cc); the parser runs as Python (slower, same results)")
        return 0
    build_root = Path(tempfile.mkdtemp(prefix="compile-parsers-", dir=ROOT / "build" if (ROOT / "build").is_dir()
                                       else None))
    try:
        compile_all(build_root)
    except Exception as exc:  # a compiler error: the sources still run
        print(f"compile-parsers: compiling failed ({type(exc).__name__}: {exc}); the parser runs as Python")
        return 0
    finally:
        shutil.rmtree(build_root, ignore_errors=True)
    print(f"compile-parsers: compiled {sum(map(len, COMPILED_MODULES.values()))} parser modules "
          f"({', '.join(COMPILED_MODULES)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
