"""Per-field precision and recall of the Wiktionary parsers against hand-read wikitext (docs/quality.md,
"Per-field precision and recall against hand-read wikitext").

The pages are the fixed random sample of ``bench/draw_field_sample.py`` (seed 1313, 50 per edition, listed in
docs/data/field-sample.tsv). The gold is ``docs/data/field-gold-<edition>.jsonl``: one line per entry of the
annotated language sections, written by reading each page's wikitext (the reading rules are in that file's
companion, docs/data/field-gold-guide.md), without looking at the parser's output. A line changed after
reading a disagreement again says why in its ``adjudicated`` field (counted in the output).

Entries are paired within a page and language by (part of speech, homograph number); a gold entry without a
partner is a miss, one of ours a false entry (entry precision/recall). The fields are then compared on the pairs:

- set fields (gender, IPA, hyphenation, rhymes, synonyms, antonyms, hypernyms, hyponyms, form-of target):
  items equal after NFC and trimming (IPA without ``/ [ ]``); precision = shared / ours, recall = shared / gold;
- forms: as a multiset of form strings, and strictly as (form, tags) without gender tags; a verb's auxiliary
  is not compared;
- senses: paired in page order by their glosses' words (case-folded letters and digits; a pair needs a Dice
  overlap ≥ 0.5); labels, examples and quotations are compared on those pairs (labels case-folded; examples and
  quotations as counts: shared = the smaller of the two);
- translations (only into the five languages the gold reads: de.wiktionary en/fr/es/it/ru, en.wiktionary
  de/fr/es/it/ru): items (language, word; Russian without the stress marks its entry titles lack); on the shared
  items whose gold names a sense, how many of ours name the same senses, part of them, another (wrong) or none;
- etymology: present or not.

    .venv/bin/python bench/report_field_accuracy.py                   # both editions, the table
    .venv/bin/python bench/report_field_accuracy.py --diff ipa --edition de   # each disagreement of a field
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from aqea.model import Lexeme, Page, Sense  # noqa: E402
from aqea.sources.dump import iter_pages  # noqa: E402
from aqea.wiktionary.de import parse_page as parse_de  # noqa: E402
from aqea.wiktionary.en import parse_page as parse_en  # noqa: E402
from tests.samples import DE_DUMP, EN_DUMP  # noqa: E402

DATA = ROOT / "docs" / "data"
SAMPLE = DATA / "field-sample.tsv"
DUMPS = {"de": DE_DUMP, "en": EN_DUMP}
PARSERS: dict[str, Callable[[Page], object]] = {"de": parse_de, "en": parse_en}
TRANSLATION_LANGUAGES = {"de": {"en", "fr", "es", "it", "ru"}, "en": {"de", "fr", "es", "it", "ru"}}
RELATION_FIELDS = ("synonym", "antonym", "hypernym", "hyponym")
SENSE_PAIR_OVERLAP = 0.5
FIELDS = ("entries", "gender", "ipa", "hyphenation", "rhymes", "senses", "gloss (exact)", "sense labels",
          "examples", "quotations", "forms", "forms (with tags)", "synonym", "antonym", "hypernym", "hyponym",
          "translations", "form-of target", "etymology")


@dataclass
class Score:
    gold: int = 0
    ours: int = 0
    shared: int = 0
    differences: list[str] = field(default_factory=list)

    def add(self, gold: Counter, ours: Counter, where: str) -> None:
        shared = sum((gold & ours).values())
        self.gold += sum(gold.values())
        self.ours += sum(ours.values())
        self.shared += shared
        if gold != ours:
            missing, extra = gold - ours, ours - gold
            self.differences.append(f"{where}: missing {sorted(missing.elements())} extra {sorted(extra.elements())}")

    @property
    def precision(self) -> float | None:
        return self.shared / self.ours if self.ours else None

    @property
    def recall(self) -> float | None:
        return self.shared / self.gold if self.gold else None


@dataclass
class SenseAttachment:
    right: int = 0
    partial: int = 0  # ours names some of the gold's senses and no other (a table left unattached)
    wrong: int = 0  # ours names a sense the gold does not
    none: int = 0
    wrong_items: list[str] = field(default_factory=list)


def clean(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def clean_ipa(text: str) -> str:
    return clean(text).strip("/[]").strip()


def words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFC", text).casefold())


def dice(a: Iterable[str], b: Iterable[str]) -> float:
    first, second = Counter(a), Counter(b)
    total = sum(first.values()) + sum(second.values())
    return 2 * sum((first & second).values()) / total if total else 1.0


def pair_senses(gold: list[dict], ours: tuple[Sense, ...]) -> list[tuple[dict, Sense]]:
    """Pairs in page order: each gold sense takes the best unpaired sense of ours at or after the last pair."""
    pairs: list[tuple[dict, Sense]] = []
    start = 0
    for gold_sense in gold:
        gold_words = words(gold_sense["gloss"])
        best, best_at = SENSE_PAIR_OVERLAP, None
        for at in range(start, len(ours)):
            overlap = dice(gold_words, words(ours[at].gloss))
            if overlap > best or (overlap == best and best_at is None and overlap >= SENSE_PAIR_OVERLAP):
                best, best_at = overlap, at
        if best_at is not None:
            pairs.append((gold_sense, ours[best_at]))
            start = best_at + 1
    return pairs


def read_gold(edition: str) -> list[dict]:
    path = DATA / f"field-gold-{edition}.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def sample_pages(edition: str) -> dict[str, Page]:
    with SAMPLE.open(encoding="utf-8") as handle:
        titles = {row["title"] for row in csv.DictReader(handle, delimiter="\t") if row["edition"] == edition}
    return {page.title: page for page in iter_pages(DUMPS[edition]) if page.title in titles}


def relation_targets(lexeme: Lexeme, kind: str) -> Counter:
    return Counter({clean(row[1]) for row in lexeme.relations if row[0] == kind})


# which column of a two-gender noun table a form stands in (Fels, Tsunami) is marked by some readers and not by
# others; the guide did not ask for it, so gender tags are not compared
_GENDER_TAGS = frozenset({"masculine", "feminine", "neuter"})


def form_key(form: dict, with_tags: bool) -> str | tuple[str, tuple[str, ...]]:
    if not with_tags:
        return clean(form["form"])
    return clean(form["form"]), tuple(sorted(set(form.get("tags") or ()) - _GENDER_TAGS))


def our_forms(lexeme: Lexeme, with_tags: bool) -> Counter:
    # a verb table's auxiliary ("haben") is stored as a form tagged "auxiliary" (wiktextract's way); the guide
    # asks for the word's own forms, so it is left out of the comparison
    forms = [f for f in lexeme.extra.get("forms") or [] if "auxiliary" not in (f.get("tags") or ())]
    return Counter(form_key(f, with_tags) for f in forms)


def gold_forms(entry: dict, with_tags: bool) -> Counter:
    return Counter(form_key(f, with_tags) for f in entry.get("forms", []))


def single(value: str) -> Counter:
    return Counter([clean(value)]) if clean(value) else Counter()


def score_edition(edition: str) -> tuple[dict[str, Score], SenseAttachment, list[str]]:
    scores = {name: Score() for name in FIELDS}
    attachment = SenseAttachment()
    problems: list[str] = []
    pages = sample_pages(edition)
    gold_by_section: dict[tuple[str, str], list[dict]] = {}
    for entry in read_gold(edition):
        gold_by_section.setdefault((entry["title"], entry["language"]), []).append(entry)
    parsed = {title: PARSERS[edition](page) for title, page in pages.items()}
    for (title, language), entries in gold_by_section.items():
        if title not in parsed:
            problems.append(f"{title}: not in the sample dump")
            continue
        ours = [lx for lx in parsed[title].lexemes if lx.language == language]
        gold = [e for e in entries if not e.get("no_entries")]
        ours_by_key = {(lx.pos, lx.homograph): lx for lx in ours}
        gold_keys = Counter((e["pos"], e.get("homograph", 1)) for e in gold)
        scores["entries"].add(gold_keys, Counter(list(ours_by_key)), f"{title} [{language}]")
        for entry in gold:
            lexeme = ours_by_key.get((entry["pos"], entry.get("homograph", 1)))
            if lexeme is not None:
                score_entry(edition, entry, lexeme, scores, attachment)
    return scores, attachment, problems


def score_entry(edition: str, entry: dict, lexeme: Lexeme, scores: dict[str, Score],
                attachment: SenseAttachment) -> None:
    where = f"{entry['title']} [{entry['language']} {entry['pos']} {entry.get('homograph', 1)}]"
    scores["gender"].add(Counter(entry.get("gender", [])), Counter(lexeme.gender), where)
    scores["ipa"].add(Counter({clean_ipa(i) for i in entry.get("ipa", []) if clean_ipa(i)}),
                      Counter({clean_ipa(i) for i in lexeme.ipa}), where)
    scores["hyphenation"].add(single(entry.get("hyphenation", "")),
                              single(lexeme.extra.get("hyphenation", "")), where)
    scores["rhymes"].add(Counter({clean(r).lstrip("-") for r in entry.get("rhymes", [])}),
                         Counter({clean(r).lstrip("-") for r in lexeme.extra.get("rhymes", [])}), where)
    scores["forms"].add(gold_forms(entry, False), our_forms(lexeme, False), where)
    scores["forms (with tags)"].add(gold_forms(entry, True), our_forms(lexeme, True), where)
    for kind in RELATION_FIELDS:
        scores[kind].add(Counter({clean(w) for w in entry.get(kind + "s", [])}), relation_targets(lexeme, kind),
                         where)
    scores["form-of target"].add(single(entry.get("form_of", "")),
                                 relation_targets(lexeme, "form_of") + related_variant(lexeme, entry), where)
    scores["etymology"].add(Counter(["etymology"] if entry.get("etymology") else []),
                            Counter(["etymology"] if lexeme.extra.get("etymology") else []), where)
    score_senses(entry, lexeme, scores, where)
    score_translations(edition, entry, lexeme, scores["translations"], attachment, where)


def related_variant(lexeme: Lexeme, entry: dict) -> Counter:
    """A variant spelling is stored as a ``related`` link (Alte Schreibweise, alternative form of): it counts as
    the form-of target when it names the gold's target, so the comparison is of the target, not the link kind."""
    target = clean(entry.get("form_of", ""))
    if not target or any(row[0] == "form_of" for row in lexeme.relations):
        return Counter()
    return Counter({target} & {clean(row[1]) for row in lexeme.relations if row[0] == "related"})


def score_senses(entry: dict, lexeme: Lexeme, scores: dict[str, Score], where: str) -> None:
    gold = entry.get("senses", [])
    pairs = pair_senses(gold, lexeme.senses)
    senses = scores["senses"]
    senses.gold += len(gold)
    senses.ours += len(lexeme.senses)
    senses.shared += len(pairs)
    if len(pairs) != len(gold) or len(pairs) != len(lexeme.senses):
        paired = {id(ours) for _, ours in pairs}
        senses.differences.append(
            f"{where}: gold {[s['gloss'][:40] for s in gold if not any(s is g for g, _ in pairs)]} "
            f"ours {[s.gloss[:40] for s in lexeme.senses if id(s) not in paired]}")
    for gold_sense, ours in pairs:
        sense_where = f"{where} sense {gold_sense.get('number', '')}"
        scores["gloss (exact)"].add(Counter([" ".join(words(gold_sense["gloss"]))]),
                                    Counter([" ".join(words(ours.gloss))]), sense_where)
        scores["sense labels"].add(Counter({clean(x).casefold() for x in gold_sense.get("labels", [])}),
                                   Counter({clean(x).casefold() for x in ours.labels}), sense_where)
        scores["examples"].add(Counter({"example": gold_sense.get("examples", 0)}),
                               Counter({"example": len(ours.examples)}), sense_where)
        scores["quotations"].add(Counter({"quotation": gold_sense.get("quotations", 0)}),
                                 Counter({"quotation": len(ours.quotations)}), sense_where)


def score_translations(edition: str, entry: dict, lexeme: Lexeme, score: Score, attachment: SenseAttachment,
                       where: str) -> None:
    languages = TRANSLATION_LANGUAGES[edition]
    gold_senses: dict[tuple[str, str], set[str]] = {}
    for item in entry.get("translations", []):
        key = (item["language"], translation_word(item["language"], item["word"]))
        gold_senses.setdefault(key, set()).update(sense_set(item.get("sense", "")))
    our_senses: dict[tuple[str, str], set[str]] = {}
    for kind, target, language, sense, _note in lexeme.relations:
        if kind == "translation" and language in languages:
            our_senses.setdefault((language, translation_word(language, target)), set()).update(sense_set(sense))
    score.add(Counter(list(gold_senses)), Counter(list(our_senses)), where)
    for key in gold_senses.keys() & our_senses.keys():
        if not gold_senses[key]:
            continue
        if not our_senses[key]:
            attachment.none += 1
        elif our_senses[key] == gold_senses[key]:
            attachment.right += 1
        elif our_senses[key] < gold_senses[key]:
            attachment.partial += 1
        else:
            attachment.wrong += 1
            attachment.wrong_items.append(
                f"{where} {key}: gold {sorted(gold_senses[key])} ours {sorted(our_senses[key])}")


def translation_word(language: str, word: str) -> str:
    """The word as its entry is named: Russian stress marks (``лексико́граф``) are shown on en.wiktionary but
    not part of the linked page's title, so they are compared without them."""
    word = clean(word)
    if language == "ru":
        unstressed = unicodedata.normalize("NFD", word).replace("\u0301", "").replace("\u0300", "")
        word = unicodedata.normalize("NFC", unstressed)
    return word


def sense_set(sense: str) -> set[str]:
    """The sense numbers a translation names: "1, 2" and "1-3" / "1–3" (a range of whole numbers) as sets."""
    numbers: set[str] = set()
    for part in str(sense).replace("–", "-").split(","):
        part = part.strip()
        low, _, high = part.partition("-")
        if high and low.strip().isdigit() and high.strip().isdigit():
            numbers.update(str(n) for n in range(int(low), int(high) + 1))
        elif part:
            numbers.add(part)
    return numbers


def percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edition", choices=("de", "en"), action="append")
    parser.add_argument("--diff", metavar="FIELD", help="print every disagreement of this field")
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args()
    figures: dict[str, dict] = {}
    for edition in args.edition or ["de", "en"]:
        scores, attachment, problems = score_edition(edition)
        gold = read_gold(edition)
        print(f"\n## {edition}.wiktionary: {len({e['title'] for e in gold})} pages, "
              f"{sum(1 for e in gold if not e.get('no_entries'))} gold entries, "
              f"{sum(1 for e in gold if e.get('adjudicated'))} adjudicated")
        for problem in problems:
            print("problem:", problem)
        print("| field | gold | ours | shared | precision | recall |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for name, score in scores.items():
            if score.gold or score.ours:
                print(f"| {name} | {score.gold} | {score.ours} | {score.shared} | {percent(score.precision)} "
                      f"| {percent(score.recall)} |")
        attached = attachment.right + attachment.wrong + attachment.none
        print(f"translations on their sense (shared items whose gold names one): {attached}; right "
              f"{attachment.right}, part of the gold's senses {attachment.partial}, wrong {attachment.wrong}, "
              f"none {attachment.none}")
        figures[edition] = {name: {"gold": s.gold, "ours": s.ours, "shared": s.shared} for name, s in scores.items()}
        figures[edition]["translation senses"] = {"right": attachment.right, "partial": attachment.partial,
                                                  "wrong": attachment.wrong, "none": attachment.none}
        if args.diff == "translation senses":
            print("\n".join(attachment.wrong_items))
        elif args.diff:
            print(f"\n### {args.diff} disagreements")
            print("\n".join(scores[args.diff].differences))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1), "utf-8")


if __name__ == "__main__":
    main()
