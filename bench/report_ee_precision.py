"""EE precision of English Wiktionary entries with and without WordNet's lexicographer file (docs/wordnet.md,
"EE with the lexicographer file").

Loads (``--load``) the English Wiktionary sample and then Open English WordNet into an embedded PostgreSQL with
the CLI — Wiktionary first, so that its entries hold their keys and are addressed by their own signals, and
WordNet's words become views of them — then, for every English Wiktionary entry with a ``wordnet-oewn`` view,
compares three subcategories:

- ``own``: from the entry's own (Wiktionary) signals, as it was addressed;
- ``wordnet``: the view's, from WordNet's signals (lexicographer files, hypernyms), recomputed here with the
  current rules (``stored`` counts where the stored view differs: loaded before a rule change);
- ``rule``: what the allocator's rule gives a pending entry: its own if not general, else its views' (with
  ``--as-stored`` from the views as stored, through ``allocate.VIEW_SUBCATEGORY``, the allocator's SQL).

``--judgements TSV`` (lemma, pos, subcategory, right 1/0, note) scores a seeded random sample of the entries
with a non-general EE either way: precision = right / assigned, coverage = share with a non-general EE.
Entries of the sample not yet judged are written to ``--todo`` for judging.

    .venv/bin/python bench/report_ee_precision.py --data-dir /tmp/ee --load --judgements docs/data/ee-judgements.tsv
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg

from aqea.classify import GENERAL, assign_subcategory, subcategory_name
from aqea.model import Lexeme, Sense
from aqea.store.allocate import VIEW_SUBCATEGORY
from aqea.store.db import connect
from aqea.store.embedded import start_embedded

ROOT = Path(__file__).resolve().parents[1]
WIKTIONARY = ROOT / "tests/data/enwiktionary-sample.xml.bz2"
OEWN = ROOT / "tests/data/wordnet/oewn-lmf/english-wordnet-2025.xml.xz"

_MERGED = """
SELECT e.id, e.lemma, e.pos, e.meta->'senses'->0->>'gloss' AS gloss, e.meta->'subcategory' AS own,
       v.meta AS view_meta, v.record_key, v.record_version
FROM aqea_entries e JOIN entry_sources v ON v.entry_id = e.id AND v.source = 'wordnet-oewn'
WHERE e.language = 'en' AND e.source = 'enwiktionary' AND e.deleted_at IS NULL
ORDER BY e.lemma COLLATE "C", e.pos
"""
_VIEW_HYPERNYMS = """
SELECT from_entry, target_lemma, target_language, sense, note FROM relations
WHERE source = 'wordnet-oewn' AND kind = 'hypernym' AND from_entry = ANY($1::bigint[])
ORDER BY from_entry, id
"""


@dataclass(frozen=True, slots=True)
class Row:
    lemma: str
    pos: str
    gloss: str
    own: str  # subcategory names; "general" when none
    wordnet: str
    wordnet_signal: str
    rule: str
    stored: str  # the view's subcategory as stored when WordNet was loaded
    stored_differs: bool


def load(data_dir: Path) -> None:
    aqea = str(Path(sys.executable).with_name("aqea"))
    env = {**os.environ, "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    for args in (["--dump", str(WIKTIONARY)], ["--source", "wordnet-oewn", str(OEWN)]):
        subprocess.run([aqea, "extract", *args, "--data-dir", str(data_dir)], check=True, env=env)


def view_lexeme(row: asyncpg.Record, hypernyms: list[asyncpg.Record]) -> Lexeme:
    """The WordNet word as its view stored it (senses with their lexfile labels, lexfiles, hypernyms)."""
    meta: dict[str, Any] = row["view_meta"]
    return Lexeme(
        language="en", lemma=row["lemma"], pos=row["pos"], pos_names=tuple(meta.get("pos_names", ())), homograph=1,
        source="wordnet-oewn", record_key=row["record_key"], record_version=row["record_version"],
        senses=tuple(Sense(s["number"], s["gloss"], tuple(s["labels"])) for s in meta["senses"]),
        relations=tuple(("hypernym", h["target_lemma"], h["target_language"], h["sense"], h["note"])
                        for h in hypernyms),
        extra={"lexfiles": meta.get("lexfiles", [])},
    )


async def collect(dsn: str, rules_now: bool = True) -> list[Row]:
    conn = await connect(dsn)
    try:
        merged = await conn.fetch(_MERGED)
        ids = [r["id"] for r in merged]
        hypernyms: dict[int, list[asyncpg.Record]] = {}
        for h in await conn.fetch(_VIEW_HYPERNYMS, ids):
            hypernyms.setdefault(h["from_entry"], []).append(h)
        views = {r["entry_id"]: r for r in await conn.fetch(VIEW_SUBCATEGORY, ids)}
    finally:
        await conn.close()
    rows = []
    for r in merged:
        own = r["own"].get("own", r["own"])  # an entry that adopted keeps its own choice under "own"
        wordnet = assign_subcategory(view_lexeme(r, hypernyms.get(r["id"], [])))
        # the allocator's rule, on the views as stored (VIEW_SUBCATEGORY) — or as the current rules give them
        stored_rule = views[r["id"]]["code"] if r["id"] in views else GENERAL
        rule = own["code"] if own["code"] != GENERAL else (wordnet.code if rules_now else stored_rule)
        rows.append(Row(r["lemma"], r["pos"], (r["gloss"] or "")[:90], own["name"], wordnet.name, wordnet.signal,
                        subcategory_name(rule), r["view_meta"]["subcategory"]["name"],
                        r["view_meta"]["subcategory"]["code"] != wordnet.code))
    return rows


def read_judgements(path: Path) -> dict[tuple[str, str, str], bool]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return {(r["lemma"], r["pos"], r["subcategory"]): r["right"] == "1"
            for r in csv.DictReader(lines, delimiter="\t")}


def score(rows: list[Row], column: str, judged: dict[tuple[str, str, str], bool]) -> tuple[int, int, int]:
    """(assigned, judged, right) of one column over ``rows``."""
    assigned = [r for r in rows if getattr(r, column) != "general"]
    verdicts = [judged.get((r.lemma, r.pos, getattr(r, column))) for r in assigned]
    return len(assigned), sum(v is not None for v in verdicts), sum(v is True for v in verdicts)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="aqea --data-dir of the embedded database")
    ap.add_argument("--load", action="store_true", help="extract the Wiktionary sample, then OEWN, first")
    ap.add_argument("--judgements", type=Path, default=ROOT / "docs/data/ee-judgements.tsv")
    ap.add_argument("--todo", type=Path, help="write the sample's unjudged (lemma, pos, subcategory) here")
    ap.add_argument("--sample", type=int, default=120)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--as-stored", action="store_true", help="rule column from the views as stored")
    ap.add_argument("--list", action="store_true", help="print every merged entry")
    args = ap.parse_args()
    if args.load:
        load(args.data_dir)
    rows = asyncio.run(collect(start_embedded(args.data_dir / "pgdata"), not args.as_stored))
    if args.list:
        for r in rows:
            print(f"{r.lemma}\t{r.pos}\t{r.own}\t{r.wordnet}\t{r.rule}\t{r.wordnet_signal}\t{r.gloss}")
    # the sample is drawn on what was stored (a rule change re-scores the same judged entries)
    candidates = [r for r in rows if r.own != "general" or r.stored != "general"]
    sample = random.Random(args.seed).sample(candidates, min(args.sample, len(candidates)))
    judged = read_judgements(args.judgements)
    todo = sorted({(r.lemma, r.pos, name, r.gloss) for r in sample for name in (r.own, r.wordnet, r.rule)
                   if name != "general" and (r.lemma, r.pos, name) not in judged})
    if args.todo:
        with args.todo.open("w", encoding="utf-8") as fh:
            fh.writelines("\t".join(t) + "\n" for t in todo)
    n = len(rows)
    print(f"English Wiktionary entries with a wordnet-oewn view: {n}; "
          f"stored view EE differing from the current rules: {sum(r.stored_differs for r in rows)}")
    print(f"sample: {len(sample)} of {len(candidates)} with a non-general EE either way (seed {args.seed}); "
          f"unjudged (entry, EE) pairs: {len(todo)}")
    print("column\tcoverage (all merged)\tassigned in sample\tjudged\tright\tprecision")
    for column in ("own", "wordnet", "rule"):
        covered = sum(getattr(r, column) != "general" for r in rows)
        assigned, judged_n, right = score(sample, column, judged)
        precision = f"{right / judged_n:.1%}" if judged_n else "-"
        print(f"{column}\t{covered}/{n} = {covered / n:.1%}\t{assigned}\t{judged_n}\t{right}\t{precision}")


if __name__ == "__main__":
    main()
