"""Reading benchmark of the WordNet readers on the full real data (no database): Open English WordNet from its
WN-LMF file (``.xml.xz`` in the repository) and Princeton WordNet 3.0 from the Debian database files
(``/usr/share/wordnet``, or extraction of the shared tarball; ``index.sense``, ``lexnames`` and the CILI map
included). Each runs in its own process, so each peak RSS is its own. The data is found as the tests find it
(tests/wordnet_data.py: tests/data/wordnet + /usr/share/wordnet, else shared/data/wordnet). Run:

    .venv/bin/python bench/bench_wordnet_read.py                 # both
    .venv/bin/python bench/bench_wordnet_read.py --only oewn --data /path/to/shared/data/wordnet
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aqea.wordnet.files import WordnetFiles, extract_wndb  # noqa: E402
from aqea.wordnet.ili import load_ili_map  # noqa: E402
from aqea.wordnet.lmf import read_lmf  # noqa: E402
from aqea.wordnet.model import LexicalEntry, Synset  # noqa: E402
from aqea.wordnet.wndb import read_lexnames, read_sense_index, read_wndb  # noqa: E402
from tests.wordnet_data import locate  # noqa: E402


def default_files() -> WordnetFiles:
    found = locate(pwn=True)
    if isinstance(found, str):
        sys.exit(f"{found}; or pass --data (and --wndb)")
    return found


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_oewn(files: WordnetFiles) -> None:
    counts: Counter[str] = Counter()
    start = time.perf_counter()
    for record in read_lmf(files.oewn_lmf):
        counts[type(record).__name__] += 1
        if isinstance(record, LexicalEntry):
            counts["senses"] += len(record.senses)
            counts["relations"] += sum(len(s.relations) for s in record.senses)
        elif isinstance(record, Synset):
            counts["relations"] += len(record.relations)
    report(f"OEWN (WN-LMF {''.join(files.oewn_lmf.suffixes)})", time.perf_counter() - start, counts)


def bench_pwn(files: WordnetFiles) -> None:
    counts: Counter[str] = Counter()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aqea-wndb-") as cache:
        db = extract_wndb(files.wndb, Path(cache))
        senses, rejected = read_sense_index(files.index_sense)
        counts["Rejection"] += len(rejected)
        ili = load_ili_map(files.ili_map("30"))
        for record in read_wndb(db, read_lexnames(files.lexnames), senses, ili):
            counts[type(record).__name__] += 1
            if isinstance(record, Synset):
                counts["senses"] += len(record.senses)
                counts["relations"] += len(record.relations) + sum(len(s.relations) for s in record.senses)
                counts["with ILI"] += record.ili is not None
    how = f"Debian wndb in {files.wndb_dir}" if files.wndb_dir else "Debian wndb, extraction included"
    report(f"PWN 3.0 ({how})", time.perf_counter() - start, counts)


def report(name: str, seconds: float, counts: Counter[str]) -> None:
    records = sum(counts[k] for k in ("Synset", "LexicalEntry", "Lexicon", "Rejection"))
    detail = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
    print(f"{name}: {seconds:.1f} s, {records:,} records ({records / seconds:,.0f} records/s), "
          f"peak RSS {peak_mb():.0f} MB\n    {detail}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="a folder laid out as shared/data/wordnet")
    parser.add_argument("--wndb", type=Path, default=None, help="a plain WordNet database folder (/usr/share/wordnet)")
    parser.add_argument("--only", choices=("oewn", "pwn"), default=None)
    args = parser.parse_args()
    files = WordnetFiles(args.data, args.wndb) if args.data else default_files()
    if args.only is None:  # one process per source: separate peak RSS
        for only in ("oewn", "pwn"):
            wndb = ["--wndb", str(files.wndb_dir)] if files.wndb_dir else []
            subprocess.run([sys.executable, __file__, "--only", only, "--data", str(files.root), *wndb], check=True)
        return
    bench_oewn(files) if args.only == "oewn" else bench_pwn(files)


if __name__ == "__main__":
    main()
