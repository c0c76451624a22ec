"""Reading benchmark of the WordNet readers on the full real data (no database): Open English WordNet from its
WN-LMF ``.xml.gz`` and Princeton WordNet 3.0 from the Debian database files (extraction, ``index.sense``,
``lexnames`` and the CILI map included). Each runs in its own process, so each peak RSS is its own. Run:

    .venv/bin/python bench/bench_wordnet_read.py                 # both; shared/data found beside the repo
    .venv/bin/python bench/bench_wordnet_read.py --only oewn --data /path/to/shared/data/wordnet
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from aqea.wordnet.files import WordnetFiles, extract_wndb
from aqea.wordnet.ili import load_ili_map
from aqea.wordnet.lmf import read_lmf
from aqea.wordnet.model import LexicalEntry, Synset
from aqea.wordnet.wndb import read_lexnames, read_sense_index, read_wndb


def default_data() -> Path:
    explicit = os.environ.get("AQEA_SHARED_DATA")
    if explicit:
        return Path(explicit) / "wordnet"
    for parent in Path(__file__).resolve().parents:
        if (parent / "shared" / "data" / "wordnet").is_dir():
            return parent / "shared" / "data" / "wordnet"
    sys.exit("shared/data/wordnet not found: pass --data or set AQEA_SHARED_DATA")


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
    report("OEWN (WN-LMF .xml.gz)", time.perf_counter() - start, counts)


def bench_pwn(files: WordnetFiles) -> None:
    counts: Counter[str] = Counter()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="aqea-wndb-") as cache:
        db = extract_wndb(files.wndb_tarball, Path(cache))
        senses, rejected = read_sense_index(files.index_sense)
        counts["Rejection"] += len(rejected)
        ili = load_ili_map(files.ili_map("30"))
        for record in read_wndb(db, read_lexnames(files.lexnames), senses, ili):
            counts[type(record).__name__] += 1
            if isinstance(record, Synset):
                counts["senses"] += len(record.senses)
                counts["relations"] += len(record.relations) + sum(len(s.relations) for s in record.senses)
                counts["with ILI"] += record.ili is not None
    report("PWN 3.0 (Debian wndb, extraction included)", time.perf_counter() - start, counts)


def report(name: str, seconds: float, counts: Counter[str]) -> None:
    records = sum(counts[k] for k in ("Synset", "LexicalEntry", "Lexicon", "Rejection"))
    detail = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
    print(f"{name}: {seconds:.1f} s, {records:,} records ({records / seconds:,.0f} records/s), "
          f"peak RSS {peak_mb():.0f} MB\n    {detail}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared/data/wordnet folder")
    parser.add_argument("--only", choices=("oewn", "pwn"), default=None)
    args = parser.parse_args()
    data = args.data or default_data()
    if args.only is None:  # one process per source: separate peak RSS
        for only in ("oewn", "pwn"):
            subprocess.run([sys.executable, __file__, "--only", only, "--data", str(data)], check=True)
        return
    files = WordnetFiles(data)
    bench_oewn(files) if args.only == "oewn" else bench_pwn(files)


if __name__ == "__main__":
    main()
