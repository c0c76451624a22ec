"""The dashboard as one server-rendered HTML page (no template engine: escaped f-strings) with an inline SVG rate
chart; ``static/dashboard.js`` refreshes its ``<main>`` in place. Every figure carries a ``data-*`` name so a
browser test can find it; what it shows is the text."""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import quote

REFRESH_S = 5


def render_page(doc: dict[str, Any], *, prefect_ui: str | None) -> str:
    selected = doc["selected"]
    title = "AQEA dashboard"
    if selected:
        o = selected["run"]["overview"]
        title += f" · {o['language']} {o['status']}"
    body = "".join([
        _runs(doc["runs"], selected, prefect_ui),
        _selected(selected, prefect_ui) if selected else "",
        _workers(doc["workers"]),
        _address_space(doc["address_space"]),
        _entries(doc["entries"], doc["address_space"]["categories"]),
    ])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>{escape(title)}</title><style>{CSS}</style></head>
<body data-refresh-s="{REFRESH_S}"><header><h1>AQEA extraction dashboard</h1>
<p class="meta">Read from the database at <time data-figure="generated_at">{escape(_clock(doc["generated_at"]))}</time>
UTC · <span id="refresh-state">refreshes every {REFRESH_S} s</span> ·
<a href="/v1/dashboard">JSON</a> · <a href="/docs">API</a>{_prefect_home(prefect_ui)}</p></header>
<main>{body}</main>
<script src="/static/dashboard.js" defer></script></body></html>"""


def _prefect_home(prefect_ui: str | None) -> str:
    return f' · <a href="{escape(prefect_ui)}">Prefect UI</a>' if prefect_ui else ""


def _runs(runs: list[dict[str, Any]], selected: dict[str, Any] | None, prefect_ui: str | None) -> str:
    if not runs:
        return '<section id="runs"><h2>Runs</h2><p class="empty">No extraction run recorded yet.</p></section>'
    chosen = selected["run"]["overview"]["run_id"] if selected else None
    rows = []
    for doc in runs:
        o, p, u = doc["overview"], doc["progress"], doc["work_units"]
        run_id = o["run_id"]
        mark = ' class="chosen"' if run_id == chosen else ""
        rows.append(
            f'<tr data-run="{escape(run_id)}"{mark}><td><a href="/?run={quote(run_id)}">{escape(run_id)}</a></td>'
            f"<td>{escape(o['source'])} · {escape(o['language'])}</td>"
            f"<td>{_badge(o['status'])} <small>{escape(o['dispatch'])}</small></td>"
            f"<td>{escape(_clock(o['started_at']))}</td><td class=n>{_duration(o['runtime_s'])}</td>"
            f"<td>{_progress(p['processed'], p['estimated'], 'processed')}</td>"
            f"<td class=n data-figure=entries>{p['entries']:,}</td>"
            f"<td class=n data-figure=units>{u['completed']:,} / {u['total']:,}</td>"
            f"<td class=n data-figure=rate>{p['rate_per_minute']:,.0f}</td>"
            f"<td>{_flow_link(prefect_ui, doc.get('flow_run_id'))}</td></tr>")
    return f"""<section id="runs"><h2>Runs <small>(latest {len(runs)})</small></h2>
<table><thead><tr><th>run</th><th>source · language</th><th>status</th><th>started (UTC)</th><th>runtime</th>
<th>pages processed / estimated</th><th>entries</th><th>units done</th><th>pages/min</th><th>Prefect</th></tr></thead>
<tbody>{''.join(rows)}</tbody></table></section>"""


def _selected(selected: dict[str, Any], prefect_ui: str | None) -> str:
    run = selected["run"]
    o, p, u = run["overview"], run["progress"], run["work_units"]
    eta = f"{_duration(p['eta_s'])}" if p["eta_s"] is not None else "–"
    figures = "".join(
        f'<div class="figure"><span data-figure="{name}">{value}</span><small>{label}</small></div>'
        for name, value, label in (
            ("processed", f"{p['processed']:,}", "pages processed"),
            ("estimated", f"{p['estimated']:,}" if p["estimated"] else "–", "pages estimated"),
            ("entries", f"{p['entries']:,}", "entries stored"),
            ("rate", f"{p['rate_per_minute']:,.0f}", "pages / min (whole run)"),
            ("eta", eta, "time left"),
        ))
    states = " · ".join(f'<span data-units="{k}">{u[k]:,}</span> {k}' for k in
                        ("completed", "processing", "pending", "failed", "interrupted") if u[k] or k == "completed")
    more = (f"<p class=meta>The first {selected['units_listed']:,} of {selected['units_total']:,} units.</p>"
            if selected["units_listed"] < selected["units_total"] else "")
    return f"""<section id="run" data-run="{escape(o['run_id'])}"><h2>Run {escape(o['run_id'])}
{_badge(o['status'])} <small>{escape(o['source'])} · {escape(o['language'])} · {escape(o['dispatch'])}
{_flow_link(prefect_ui, run.get('flow_run_id'), 'flow run in Prefect')}</small></h2>
<div class="figures">{figures}</div>
<p>Units: <span data-units="total">{u['total']:,}</span> — {states}</p>
<h3>Rate over time <small>pages per minute</small></h3>{rate_chart(selected['rate'])}
<h3>Units</h3>{more}{_units(selected['units'], prefect_ui)}</section>"""


def _units(units: list[dict[str, Any]], prefect_ui: str | None) -> str:
    if not units:
        return '<p class="empty">This run has no units yet.</p>'
    rows = []
    for x in units:
        error = f'<br><small class="error">{escape(x["error"][:200])}</small>' if x["error"] else ""
        rows.append(
            f'<tr data-unit="{escape(x["unit"])}"><td>{escape(x["unit"])}</td><td>{_badge(x["status"])}{error}</td>'
            f"<td>{_progress(x['pages'], x['estimate'], 'pages')}</td>"
            f"<td class=n data-figure=entries>{x['entries']:,}</td><td class=n>{x['rejected']:,}</td>"
            f"<td>{escape(x['provider'] or 'local')}</td><td class=n>{x['attempts']}</td>"
            f"<td>{escape(_clock(x['started_at']))}</td><td>{escape(_clock(x['last_stored_at']))}</td>"
            f"<td>{_flow_link(prefect_ui, x['flow_run_id'])}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("unit", "status", "pages / estimated", "entries", "rejected", "provider",
                                             "attempts", "started", "last stored", "Prefect"))
    return f"""<div class="scroll tall"><table class="units"><thead><tr>{head}</tr></thead>
<tbody>{''.join(rows)}</tbody></table></div>"""


def rate_chart(rate: dict[str, Any], width: int = 720, height: int = 170) -> str:
    """An area chart of pages per minute over the run's time slices, with its scale and time axis."""
    values = rate["pages_per_minute"]
    left, bottom, top = 56, 22, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max(values, default=0.0)
    scale = _nice(peak)
    step = plot_w / max(len(values), 1)
    points = [(left + step * (i + 0.5), top + plot_h - (v / scale * plot_h if scale else 0))
              for i, v in enumerate(values)]
    base = top + plot_h
    area = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    path = (f'<polygon class="area" points="{left + step * 0.5:.1f},{base} {area} '
            f'{left + step * (len(values) - 0.5):.1f},{base}"/><polyline class="line" points="{area}"/>'
            if points else "")
    grid = "".join(
        f'<line class="grid" x1="{left}" x2="{left + plot_w}" y1="{top + plot_h * (1 - f):.1f}" '
        f'y2="{top + plot_h * (1 - f):.1f}"/><text class="axis" x="{left - 6}" y="{top + plot_h * (1 - f) + 4:.1f}" '
        f'text-anchor="end">{scale * f:,.0f}</text>' for f in (0, 0.5, 1))
    axis = (f'<text class="axis" x="{left}" y="{height - 5}">{escape(_clock(rate["start"]))}</text>'
            f'<text class="axis" x="{left + plot_w}" y="{height - 5}" text-anchor="end">'
            f'{escape(_clock(rate["end"]))}</text>')
    return (f'<svg class="chart" role="img" aria-label="pages per minute over the run; peak {peak:,.0f}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" data-peak="{peak}">'
            f"{grid}{path}{axis}</svg>")


def _workers(workers: dict[str, Any]) -> str:
    if not workers.get("available"):
        return (f'<section id="workers"><h2>Workers per provider</h2><p class="empty" data-figure="workers">'
                f"Workers are not shown: no Prefect API to ask ({escape(workers.get('reason', 'unknown'))}). "
                "Set PREFECT_API_URL for <code>aqea serve</code> to see them.</p></section>")
    by_provider: dict[str, list[dict[str, Any]]] = {}
    for w in workers["details"]:
        by_provider.setdefault(w.get("provider") or w["pool"], []).append(w)
    totals = " · ".join(f"{workers[k]:,} {k}" for k in ("total", "active", "idle", "offline"))
    groups = []
    for provider, members in by_provider.items():
        items = "".join(
            f'<li data-worker="{escape(w["name"])}">{_badge(w["status"])} {escape(w["name"])} '
            f'<small>last heartbeat {escape(_clock(w["last_heartbeat"]))}</small></li>' for w in members)
        online = sum(1 for w in members if w["status"] == "online")
        groups.append(f'<div class="provider" data-provider="{escape(provider)}"><h3>{escape(provider)} '
                      f'<small>pool {escape(members[0]["pool"])} · {online} of {len(members)} online</small></h3>'
                      f"<ul>{items}</ul></div>")
    if not groups:
        groups.append('<p class="empty">No worker has registered with a pool of deployments/providers.toml.</p>')
    return (f'<section id="workers"><h2>Workers per provider <small data-figure="workers">{totals}</small></h2>'
            f'<div class="providers">{"".join(groups)}</div></section>')


def _entries(entries: list[dict[str, Any]], categories: list[dict[str, Any]]) -> str:
    if not entries:
        return '<section id="entries"><h2>Entries</h2><p class="empty">No entries stored yet.</p></section>'
    names = {c["category"]: c["pos"] for c in categories}
    used = sorted({e["category"] for e in entries if e["category"] is not None})
    has_none = any(e["category"] is None for e in entries)
    cols = [*used, *([None] if has_none else [])]
    by_language: dict[str, dict[int | None, dict[str, Any]]] = {}
    for e in entries:
        by_language.setdefault(e["language"], {})[e["category"]] = e
    head = "".join(f'<th title="QQ 0x{q:02X}">{escape(names.get(q, str(q)))}</th>' if q is not None
                   else "<th>no category</th>" for q in cols)
    rows = []
    for language, cats in by_language.items():
        cells = "".join(
            f'<td class=n data-entries="{escape(language)}/{q if q is not None else "-"}">'
            f'{cats[q]["entries"]:,}</td>' if q in cats else "<td></td>" for q in cols)
        total = sum(c["entries"] for c in cats.values())
        pending = sum(c["pending"] for c in cats.values())
        unaddressed = sum(c["unaddressed"] for c in cats.values())
        rows.append(f'<tr><th>{escape(language)}</th>{cells}<td class=n data-total="{escape(language)}">'
                    f'<b>{total:,}</b></td><td class=n>{pending:,}</td><td class=n>{unaddressed:,}</td></tr>')
    return f"""<section id="entries"><h2>Entries per language and category</h2>
<div class="scroll tall"><table><thead><tr><th>language</th>{head}<th>all</th><th>awaiting address</th>
<th>no address</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div></section>"""


def _address_space(space: dict[str, Any]) -> str:
    categories = space["categories"]
    head = "".join(f'<th class="cat" title="QQ 0x{c["category"]:02X}"><span>{escape(c["pos"])}</span></th>'
                   for c in categories)
    rows = []
    for d in space["domains"]:
        cells = "".join(_cell(d["domain"], c, space["capacity_per_cell"]) for c in d["cells"])
        owner = f'{d["owner"]} · ' if d["owner"] and d["owner"] != d["kind"] else ""
        rows.append(f'<tr><th class="dom">{escape(d["domain"])} <small>{escape(owner + d["kind"])}</small></th>'
                    f"{cells}</tr>")
    if not rows:
        return ('<section id="address-space"><h2>Address space</h2><p class="empty">No addresses handed out yet.'
                "</p></section>")
    legend = ("".join(f'<span class="swatch" style="background:{_colour(f)}"></span>{int(f * 100)}% '
                      for f in (0.0, 0.01, 0.25, 0.5, 0.75, 1.0))
              + '<span class="swatch overflow-key"></span>overflow (entries outside their subcategory\'s block) '
              + '<span class="swatch exhausted-key"></span>exhausted: the series has no room left in that category, '
                'entries are kept without an address')
    return f"""<section id="address-space"><h2>Address space <small>domains (AA) × categories (QQ); each cell
holds {space['capacity_per_cell']:,} addresses; the figure is how many were handed out</small></h2>
<p class="legend">{legend}</p>
<div class="scroll"><table class="grid"><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(rows)}</tbody>
</table></div>{_unused(space["unused_domains"])}</section>"""


def _unused(unused: dict[str, list[str]]) -> str:
    if not unused:
        return ""
    parts = "; ".join(f"{escape(language)}: {len(ds)} ({escape(ds[0])}–{escape(ds[-1])})" if len(ds) > 1
                      else f"{escape(language)}: 1 ({escape(ds[0])})" for language, ds in unused.items())
    return (f'<p class="meta" data-figure="unused-domains">Domains of these series that no address has reached yet '
            f"(all room, not drawn): {parts}.</p>")


def _cell(domain: str, c: dict[str, Any], capacity: int) -> str:
    used, over, full = c["handed_out"], c["overflowed"], c["exhausted"]
    marks = (" overflow" if over else "") + (" exhausted" if full else "")
    tip = (f"{domain} QQ 0x{c['category']:02X}: {used:,} of {capacity:,} addresses handed out "
           f"({c['fullness'] * 100:.2f}%), {c['entries']:,} entries, {over:,} outside their subcategory's block, "
           f"{full:,} of the series left without an address")
    text = _short(used) if used else ""
    dark = " dark" if c["fullness"] >= 0.5 else ""
    return (f'<td class="cell{marks}{dark}" style="background-color:{_colour(c["fullness"]) if used else "#f4f5f7"}" '
            f'title="{escape(tip)}" data-cell="{escape(domain)}/{c["category"]}" data-handed-out="{used}" '
            f'data-overflowed="{over}" data-exhausted="{full}">{text}</td>')


def _colour(fullness: float) -> str:
    """Pale blue (a first address) to deep blue (full); a full cell is red."""
    if fullness >= 1.0:
        return "#c62828"
    f = min(max(fullness, 0.0), 1.0) ** 0.5  # small fills stay visible
    r, g, b = (int(a + (z - a) * f) for a, z in ((219, 21), (234, 67), (254, 160)))
    return f"#{r:02x}{g:02x}{b:02x}"


def _short(n: int) -> str:
    return f"{n}" if n < 1000 else f"{n / 1000:.0f}k" if n < 100_000 else f"{n / 1e6:.1f}M"


def _flow_link(prefect_ui: str | None, flow_run_id: str | None, label: str | None = None) -> str:
    if not flow_run_id:
        return ""
    text = escape(label or f"{flow_run_id[:8]}…")
    if not prefect_ui:
        return f'<span class="id" title="set PREFECT_UI_URL or PREFECT_API_URL for a link">{text}</span>'
    return f'<a class="prefect" href="{escape(prefect_ui)}/runs/flow-run/{quote(flow_run_id)}">{text}</a>'


def _badge(status: str) -> str:
    return f'<span class="badge {escape(status)}">{escape(status)}</span>'


def _progress(done: int, estimate: int | None, name: str) -> str:
    if not estimate:
        return f'<span data-figure="{name}">{done:,}</span>'
    share = min(done / estimate, 1.0)
    return (f'<div class="bar"><div style="width:{share * 100:.1f}%"></div></div>'
            f'<span data-figure="{name}">{done:,}</span> / {estimate:,} ({share * 100:.0f}%)')


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    s = int(seconds)
    return f"{s // 3600}h {s % 3600 // 60:02d}m" if s >= 3600 else f"{s // 60}m {s % 60:02d}s"


def _clock(iso: str | None) -> str:
    if not iso:
        return "–"
    return datetime.fromisoformat(iso).strftime("%Y-%m-%d %H:%M:%S")


def _nice(peak: float) -> float:
    """A round upper bound of the chart's scale (1, 2 or 5 × a power of ten)."""
    if peak <= 0:
        return 0.0
    magnitude = 10 ** (len(str(int(peak))) - 1)
    return next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= peak)


CSS = """
body{font:14px/1.4 system-ui,sans-serif;margin:0;color:#1d2733;background:#fafbfc}
header{padding:12px 20px;background:#1d2733;color:#fff}header h1{margin:0;font-size:20px}
header a{color:#9cc3ff}.meta{margin:4px 0 0;font-size:12px;opacity:.85}main{padding:8px 20px 30px}
section{background:#fff;border:1px solid #dde2e8;border-radius:6px;padding:10px 14px;margin:12px 0}
h2{font-size:16px;margin:2px 0 8px}h3{font-size:14px;margin:12px 0 6px}small{color:#5b6776;font-weight:normal}
table{border-collapse:collapse}th,td{padding:3px 8px;border-bottom:1px solid #eef1f4;text-align:left;
vertical-align:top}td.n{text-align:right;font-variant-numeric:tabular-nums}tr.chosen{background:#eef5ff}
.badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;background:#e3e7ec}
.badge.running,.badge.processing,.badge.online{background:#d6f0dd;color:#0f5a26}
.badge.completed{background:#dde9fb;color:#17427d}.badge.failed,.badge.offline{background:#fbdada;color:#8a1414}
.badge.interrupted,.badge.pending{background:#fff1c9;color:#6b4d00}
.bar{display:inline-block;width:90px;height:8px;background:#e6eaef;border-radius:4px;margin-right:6px}
.bar div{height:8px;background:#3577d4;border-radius:4px}.figures{display:flex;gap:24px;flex-wrap:wrap}
.figure span{display:block;font-size:22px;font-weight:600}.empty{color:#5b6776}.error{color:#8a1414}
.chart .area{fill:#cfe0fa}.chart .line{fill:none;stroke:#3577d4;stroke-width:2}.chart .grid{stroke:#e6eaef}
.chart .axis{font-size:11px;fill:#5b6776}.scroll{overflow-x:auto}.providers{display:flex;gap:20px;flex-wrap:wrap}
.providers ul{margin:0;padding-left:18px}table.units{font-size:13px}
table.grid td.cell{width:30px;min-width:30px;height:20px;padding:0;text-align:center;font-size:10px;
border:1px solid #fff;color:#1d2733}table.grid td.dark{color:#fff}
table.grid th.cat{height:84px;vertical-align:bottom;padding:0 0 4px;width:30px;max-width:30px}
table.grid th.cat span{display:inline-block;writing-mode:vertical-rl;transform:rotate(180deg);font-size:11px;
font-weight:normal}table.grid th.dom{white-space:nowrap;font-size:12px;padding:0 8px 0 0}
td.overflow{box-shadow:inset 0 0 0 3px #f39c12}
td.exhausted,.exhausted-key{background-image:repeating-linear-gradient(45deg,rgba(0,0,0,.45) 0 2px,transparent 2px 6px);
outline:2px solid #000;outline-offset:-2px}.scroll.tall{max-height:330px;overflow-y:auto}
.scroll.tall thead th{position:sticky;top:0;background:#fff}
.legend{font-size:12px}.swatch{display:inline-block;width:14px;height:12px;margin:0 4px 0 10px;
vertical-align:middle;border:1px solid #ccd}.overflow-key{box-shadow:inset 0 0 0 3px #f39c12}
"""
