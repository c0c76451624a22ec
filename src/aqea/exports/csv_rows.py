"""The CSV export: one row per entry, for spreadsheets (docs/export.md lists the columns). Lossy by design:
senses, forms and links are flattened into text; the JSONL export is the complete one."""

from __future__ import annotations

from typing import Any

from aqea.store.export_rows import ExportedEntry

COLUMNS = ("address", "address_int", "language", "lemma", "pos", "homograph", "label", "description", "glosses",
           "ipa", "forms", "translations", "links", "other_sources", "source", "record_key", "record_version",
           "licence", "attribution", "deleted", "unaddressed_reason")


def csv_row(entry: ExportedEntry) -> tuple[Any, ...]:
    row, meta = entry.row, entry.row["meta"]
    glosses = " | ".join(f"{s.get('number', '')}: {s.get('gloss', '')}" for s in meta.get("senses") or [])
    forms = "; ".join(f"{f['form']} ({' '.join(f.get('tags', []))})" for f in meta.get("forms") or [])
    translations = "; ".join(
        f"{link['target_language']}:{link['target_lemma']}" + (f"@{link['target_address']}"
                                                               if link["target_address"] else "")
        for link in entry.links if link["kind"] == "translation")
    return (row["address"] or "", row["address_int"] if row["address_int"] is not None else "", row["language"],
            row["lemma"], row["pos"], row["homograph"], row["label"], row["description"], glosses,
            "; ".join(meta.get("ipa") or []), forms, translations, len(entry.links),
            "; ".join(v["source"] for v in entry.views), row["source"], row["record_key"] or "",
            row["record_version"] or "", row["licence"] or "", row["attribution"] or "",
            "true" if row["deleted_at"] is not None else "false", row["unaddressed_reason"] or "")
