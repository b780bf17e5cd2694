"""``report.html``: one self-contained page of who stands where, and the sentences behind it.

:func:`render_html` turns an :class:`~stanceclf.actors.Analysis` into a single HTML file with
inline CSS, SVG and a little JavaScript (no network, opens offline):

* a header with the model, its measured figures (from its manifest) and the caveats;
* the actor chart: per actor and target, the net position with its 95% interval and the sentence
  counts, grouped by speaker type, sorted and coloured (FAVOR blue, AGAINST orange);
* a timeline (actor x period grid) when the analysis has more than one article or date;
* the sentence table, with the speaker rule, target, stance and probabilities, and on demand the
  features behind each decision (:meth:`StanceClassifier.explain`).

The page is rendered on the server: everything is in the HTML, and every text from an article
goes through :func:`html.escape`. The script only filters the table, by actor, target and stance
(also article and date), from the form or from the URL (``report.html#actor=EDRi&stance=FAVOR``,
or the same as a query string), so every chart row links to its sentences.
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from string import Template
from typing import Any
from urllib.parse import urlencode

from ._io import LIBRARY_VERSION
from .records import STANCES, TARGETS

__all__ = ["render_html", "CAVEATS"]

# Okabe-Ito colour-blind-safe colours, the same as the evaluation plots (stanceclf.plots).
COLOURS = {"FAVOR": "#0072B2", "AGAINST": "#D55E00", "NONE": "#9a9a9a"}
_NEUTRAL = "#8c8c8c"

# The README's caveats (test_report.py checks the attribution figures against the README).
CAVEATS = (
    "Speakers are proposed by rules and chosen by a linear ranker: on held-out articles it names the annotated "
    "speaker of 44.8% of the stance-bearing sentences, and of 89.3% of those it is confident about (confidence "
    "at or above the default threshold, which keeps few sentences); the actor chart leaves the others out. "
    "Quotes whose speaker is named far away and the voice of press releases and speeches are often missed: "
    "read an actor's sentences before reading its position.",
    "Targets are guessed from keywords (ANNOTATION.md §2); a sentence naming none keeps the previous "
    "sentence's target or falls back to biometric_surveillance.",
    "Single-sentence stances are suggestions: AGAINST is hard to tell from reported FAVOR without knowing the "
    "speaker. Aggregate, and mind the intervals: with few sentences they span most of the scale.",
)
# Fields the speaker attribution may add to rows (shown when present, e.g. from a newer version).
_CONFIDENCE_FIELDS = ("speaker_confidence", "speaker_probability")
_ALIAS_FIELDS = ("aliases", "speaker_aliases", "alias_variants", "variants")
_SPEAKER_TYPE_NAMES = {
    "ngo_or_activist": "NGOs and activists",
    "council_or_government": "Council and governments",
    "police_or_security": "Police and security",
    "party_group": "Party groups",
    "commission": "Commission",
    "parliament": "Parliament",
    "regulator": "Regulators",
    "politician": "Politicians",
    "company": "Companies",
    "author": "Author (no named speaker)",
    "other": "Other",
    "none": "No speaker",
}


def _e(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


def _fields(row: Any) -> dict[str, Any]:
    return asdict(row) if hasattr(row, "__dataclass_fields__") else dict(row)


def _first(data: Mapping[str, Any], names: Sequence[str]) -> Any:
    return next((data[name] for name in names if data.get(name) not in (None, "", [], ())), None)


def _type_name(kind: str) -> str:
    return _SPEAKER_TYPE_NAMES.get(kind, kind.replace("_", " ").capitalize() or "Unknown")


def _mix(a: str, b: str, t: float) -> str:
    """Colour between ``a`` and ``b`` (hex), ``t`` in [0, 1]."""
    ca, cb = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (a, b))
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(ca, cb))


def net_colour(net: float | None) -> str:
    """Diverging colour of a net position: orange (-1, against) through grey (0) to blue (+1, favour)."""
    if net is None:
        return _NEUTRAL
    return _mix(_NEUTRAL, COLOURS["FAVOR" if net >= 0 else "AGAINST"], min(abs(net), 1.0))


def _link(**filters: str | None) -> str:
    return "#" + urlencode({k: v for k, v in filters.items() if v})


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace("-", "\u2212")


# ---------------------------------------------------------------------------------------------
# Header


def _model_header(manifest: Mapping[str, Any] | None, model_name: str | None) -> str:
    if manifest is None:
        name = f"<code>{_e(model_name)}</code>" if model_name else "not given"
        return f"<p class='model'><strong>Model:</strong> {name} (no manifest, so no measured figures).</p>"
    preset = manifest.get("preset")
    config = manifest.get("config", {})
    what = f"preset <code>{_e(preset)}</code>" if preset else f"classifier <code>{_e(config.get('classifier'))}</code>"
    training = manifest.get("training", {})
    parts = [
        f"<strong>Model:</strong> <code>{_e(model_name or 'unnamed')}</code>, {what}, trained on "
        f"{_e(training.get('n_records', '?'))} sentences; stanceclf {_e(manifest.get('library_version', '?'))}."
    ]
    ev = manifest.get("evaluation") or {}
    if ev.get("f_avg") is not None:
        low, high = ev.get("f_avg_ci") or (float("nan"), float("nan"))
        per_class = ev.get("per_class", {})
        f1 = ", ".join(f"{_e(k)} {v['f1']:.2f}" for k, v in per_class.items() if "f1" in v)
        parts.append(
            f"<strong>Measured</strong> ({_e(ev.get('protocol', 'evaluation'))}, {_e(ev.get('n', '?'))} sentences): "
            f"F<sub>avg</sub> <strong>{ev['f_avg']:.3f}</strong> (95% CI {low:.3f}–{high:.3f}), "
            f"macro-F1 {ev.get('macro_f1', float('nan')):.3f}, accuracy {ev.get('accuracy', float('nan')):.3f}"
            + (f"; F1 {f1}" if f1 else "")
            + "."
        )
    else:
        parts.append("No measured figures in its manifest.")
    return "<p class='model'>" + " ".join(parts) + "</p>"


# ---------------------------------------------------------------------------------------------
# Actor chart

_AXIS_W, _AXIS_PAD, _ROW_H = 250, 18, 22


def _x(net: float) -> float:
    return _AXIS_PAD + (net + 1) / 2 * (_AXIS_W - 2 * _AXIS_PAD)


def _axis_svg() -> str:
    ticks = "".join(
        f"<line x1='{_x(t):.1f}' x2='{_x(t):.1f}' y1='14' y2='20' stroke='#666'/>"
        f"<text x='{_x(t):.1f}' y='11' text-anchor='middle'>{_signed(t) if t else '0'}</text>"
        for t in (-1, -0.5, 0, 0.5, 1)
    )
    return (
        f"<svg class='axis' width='{_AXIS_W}' height='22' viewBox='0 0 {_AXIS_W} 22' role='img' "
        "aria-label='net position axis from -1 (against a ban) to +1 (for a ban)'>"
        f"<line x1='{_x(-1)}' x2='{_x(1)}' y1='20' y2='20' stroke='#666'/>{ticks}</svg>"
    )


def _position_svg(row: Mapping[str, Any]) -> str:
    grid = "".join(
        f"<line x1='{_x(t):.1f}' x2='{_x(t):.1f}' y1='0' y2='{_ROW_H}' stroke='{'#bbb' if t == 0 else '#eee'}'/>"
        for t in (-1, -0.5, 0, 0.5, 1)
    )
    net = row.get("net")
    if net is None:
        mark = f"<text x='{_x(0):.1f}' y='15' text-anchor='middle' class='muted'>no stance sentence</text>"
    else:
        colour = net_colour(net)
        low, high = _x(row["net_low"]), _x(row["net_high"])
        mark = (
            f"<line class='interval' x1='{low:.1f}' x2='{high:.1f}' y1='11' y2='11' stroke='{colour}' "
            "stroke-width='3' stroke-opacity='0.45' stroke-linecap='round'/>"
            f"<circle class='net' cx='{_x(net):.1f}' cy='11' r='5.5' fill='{colour}' stroke='#fff' stroke-width='1'/>"
        )
    label = (
        "no stance sentence"
        if net is None
        else (f"net {_signed(net)}, 95% interval {_signed(row['net_low'])} to {_signed(row['net_high'])}")
    )
    return (
        f"<svg width='{_AXIS_W}' height='{_ROW_H}' viewBox='0 0 {_AXIS_W} {_ROW_H}' role='img' "
        f"aria-label='{_e(label)}'><title>{_e(label)}</title>{grid}{mark}</svg>"
    )


def _counts_svg(row: Mapping[str, Any], scale: float) -> str:
    x, parts = 0.0, []
    for stance, key in (("FAVOR", "favor"), ("AGAINST", "against"), ("NONE", "none")):
        width = row[key] * scale
        if width:
            parts.append(
                f"<rect x='{x:.1f}' y='5' width='{width:.1f}' height='12' fill='{COLOURS[stance]}'>"
                f"<title>{row[key]} {stance}</title></rect>"
            )
        x += width
    total = row["favor"] + row["against"] + row["none"]
    return (
        f"<svg width='{x + 4:.0f}' height='{_ROW_H}' viewBox='0 0 {x + 4:.0f} {_ROW_H}' role='img' "
        f"aria-label='{total} sentences'>{''.join(parts)}</svg>"
    )


def _actor_label(row: Mapping[str, Any]) -> str:
    extra = []
    aliases = _first(row, _ALIAS_FIELDS)
    if aliases:
        extra.append("also: " + _e(", ".join(map(str, aliases)) if not isinstance(aliases, str) else aliases))
    confidence = _first(row, _CONFIDENCE_FIELDS)
    if isinstance(confidence, (int, float)):
        extra.append(f"speaker confidence {confidence:.2f}")
    return "".join(f"<span class='sub'>{x}</span>" for x in extra)


def _actor_chart(actor_rows: list[dict[str, Any]]) -> str:
    stance_rows = [r for r in actor_rows if r["favor"] + r["against"]]
    silent = [r for r in actor_rows if not r["favor"] + r["against"]]
    if not stance_rows:
        chart = "<p class='muted'>No actor has a FAVOR or AGAINST sentence.</p>"
    else:
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in stance_rows:
            groups[row["speaker_type"]].append(row)
        order = sorted(groups, key=lambda k: (-sum(r["favor"] + r["against"] for r in groups[k]), k))
        scale = 120 / max(r["favor"] + r["against"] + r["none"] for r in stance_rows)
        body = []
        for kind in order:
            rows = sorted(groups[kind], key=lambda r: (-r["net"], -(r["favor"] + r["against"]), r["actor"]))
            n = sum(r["favor"] + r["against"] for r in rows)
            body.append(
                f"<tbody class='group'><tr class='group-head'><th colspan='5' scope='rowgroup'>{_e(_type_name(kind))}"
                f" <span class='muted'>· {len(rows)} actor–target row{'s' * (len(rows) != 1)}, {n} stance "
                f"sentence{'s' * (n != 1)}</span></th></tr>"
            )
            for row in rows:
                href = _link(actor=row["actor"], target=row["target"])
                interval = (
                    f"{_signed(row['net'])} <span class='muted'>[{_signed(row['net_low'])}, "
                    f"{_signed(row['net_high'])}]</span>"
                )
                body.append(
                    f"<tr class='actor-row' data-actor='{_e(row['actor'])}' data-target='{_e(row['target'])}'>"
                    f"<td class='actor'><a href='{_e(href)}' title='{_e(row['actor'])}: show the sentences'>"
                    f"{_e(row['actor'])}</a>"
                    f"{_actor_label(row)}</td>"
                    f"<td class='target'>{_e(row['target'])}</td>"
                    f"<td class='pos'>{_position_svg(row)}</td>"
                    f"<td class='num'>{interval}</td>"
                    f"<td class='counts'>{_counts_svg(row, scale)}<span class='count-text'>"
                    f"<b class='f'>{row['favor']}</b>·<b class='a'>{row['against']}</b>·{row['none']}</span></td></tr>"
                )
            body.append("</tbody>")
        chart = (
            "<table id='actor-chart' class='chart'><thead><tr><th scope='col'>actor</th><th scope='col'>target</th>"
            f"<th scope='col' class='pos'>{_axis_svg()}<div class='axis-label'><span>← against a ban</span>"
            "<span>for a ban →</span></div></th><th scope='col'>net [95% interval]</th>"
            "<th scope='col'>sentences: <b class='f'>favor</b>·<b class='a'>against</b>·none</th></tr></thead>"
            + "".join(body)
            + "</table>"
        )
    if silent:
        names = ", ".join(
            f"<a href='{_e(_link(actor=r['actor'], target=r['target']))}'>{_e(r['actor'])}</a>"
            f" <span class='muted'>({_e(r['target'])}, {r['none']})</span>"
            for r in sorted(silent, key=lambda r: (-r["none"], r["actor"]))
        )
        chart += (
            f"<details class='silent'><summary>{len(silent)} actor–target row{'s' * (len(silent) != 1)} with "
            f"no FAVOR or AGAINST sentence</summary><p>{names}</p></details>"
        )
    return chart


def _legend() -> str:
    return (
        "<div class='legend' aria-label='legend'>"
        f"<span><svg width='64' height='12'><defs><linearGradient id='lg'>"
        f"<stop offset='0' stop-color='{COLOURS['AGAINST']}'/><stop offset='0.5' stop-color='{_NEUTRAL}'/>"
        f"<stop offset='1' stop-color='{COLOURS['FAVOR']}'/></linearGradient></defs>"
        "<rect width='64' height='12' rx='2' fill='url(#lg)'/></svg> dot: net position = (favor − against) / "
        "(favor + against), from −1 (against a ban) to +1 (for a ban)</span>"
        f"<span><svg width='34' height='12'><line x1='2' x2='32' y1='6' y2='6' stroke='{COLOURS['FAVOR']}' "
        "stroke-width='3' stroke-opacity='0.45' stroke-linecap='round'/></svg> 95% interval (Jeffreys)</span>"
        + "".join(
            f"<span><i class='sw' style='background:{c}'></i>{s} <span class='muted'>({m})</span></span>"
            for (s, c), m in zip(COLOURS.items(), ("for a ban", "against a ban", "no stance"))
        )
        + "<span class='muted'>bars: sentence counts · click an actor for its sentences</span></div>"
    )


# ---------------------------------------------------------------------------------------------
# Timeline


def _timeline(timeline: list[dict[str, Any]], sentences: list[dict[str, Any]], max_rows: int = 30) -> str:
    periods = list(dict.fromkeys(r["period"] for r in timeline))
    if len(periods) < 2:
        return ""
    docs = {s["doc"] for s in sentences}
    key = "doc" if all(p in docs for p in periods) else "date"
    dates = {s["doc"]: s["date"] for s in sentences}
    totals: Counter[tuple[str, str]] = Counter()
    for r in timeline:
        totals[r["actor"], r["target"]] += r["favor"] + r["against"]
    pairs = [p for p, n in totals.most_common() if n][:max_rows]
    cells = {(r["actor"], r["target"], r["period"]): r for r in timeline}
    head = "".join(
        f"<th scope='col' class='period'><span>{_e(p)}"
        + (f" · {_e(dates[p])}" if key == "doc" and dates.get(p) else "")
        + "</span></th>"
        for p in periods
    )
    body = []
    for actor, target in pairs:
        row = [f"<th scope='row'>{_e(actor)} <span class='muted'>{_e(target)}</span></th>"]
        for period in periods:
            cell = cells.get((actor, target, period))
            if not cell or not cell["favor"] + cell["against"] + cell["none"]:
                row.append("<td class='cell empty'></td>")
                continue
            stance = cell["favor"] + cell["against"]
            colour = net_colour(cell["net"]) if stance else "#eeeeee"
            text = f"{cell['favor']}/{cell['against']}" if stance else "·"
            filt = {"actor": actor, "target": target, key: period}
            counts = f"{cell['favor']} favor, {cell['against']} against, {cell['none']} none"
            tip = f"{actor} on {target} in {period}: {counts}"
            row.append(
                f"<td class='cell'><a href='{_e(_link(**filt))}' title='{_e(tip)}' "
                f"style='background:{colour}' class='{'dark' if stance else 'light'}'>{text}</a></td>"
            )
        body.append("<tr>" + "".join(row) + "</tr>")
    more = len([n for n in totals.values() if n]) - len(pairs)
    note = f"<p class='muted'>{more} more actor–target rows not shown.</p>" if more > 0 else ""
    return (
        f"<section id='timeline'><h2>Over time <span class='muted'>· by {'article' if key == 'doc' else 'date'}"
        "</span></h2><p class='muted'>Each cell: favor/against sentences of the actor in that "
        f"{'article' if key == 'doc' else 'period'}, coloured by net position; click for the sentences.</p>"
        f"<div class='scroll'><table id='timeline-grid'><thead><tr><th></th>{head}</tr></thead><tbody>"
        + "".join(body)
        + f"</tbody></table></div>{note}</section>"
    )


# ---------------------------------------------------------------------------------------------
# Sentence table


def _proba_svg(proba: Mapping[str, float]) -> str:
    x, parts = 0.0, []
    for stance in STANCES[::-1]:  # FAVOR, AGAINST, NONE: the same order as the counts
        width = 60 * float(proba.get(stance, 0.0))
        parts.append(f"<rect x='{x:.1f}' y='0' width='{width:.1f}' height='5' fill='{COLOURS.get(stance, '#ccc')}'/>")
        x += width
    label = ", ".join(f"{s} {float(p):.2f}" for s, p in proba.items())
    return (
        f"<svg class='proba' width='60' height='5' role='img' aria-label='{_e(label)}'><title>{_e(label)}</title>"
        + "".join(parts)
        + "</svg>"
    )


def _why(explanation: Any, stance: str) -> str:
    if explanation is None:
        return ""
    items = "".join(
        f"<li><code>{_e(name)}</code> <span class='{'up' if value > 0 else 'down'}'>{value:+.3f}</span></li>"
        for name, value in explanation.top(stance)
    )
    if not items:
        return ""
    return (
        f"<details class='why {_e(stance.lower())}'><summary>why {_e(stance)}?</summary><ol>{items}</ol>"
        f"<span class='sub'>the features that moved the {_e(stance)} score most (weight × value)</span></details>"
    )


def _speaker_cell(s: Mapping[str, Any]) -> str:
    sub = [_e(s.get("speaker_type", "")), "rule: " + _e(s.get("speaker_rule", ""))]
    confidence = _first(s, _CONFIDENCE_FIELDS)
    if isinstance(confidence, (int, float)):
        sub.append(f"confidence {confidence:.2f}")
    aliases = _first(s, _ALIAS_FIELDS)
    if aliases:
        sub.append("also: " + _e(aliases if isinstance(aliases, str) else ", ".join(map(str, aliases))))
    affiliation = s.get("affiliation")
    if affiliation:
        sub.insert(1, _e(affiliation))
    return f"{_e(s['speaker'])}<span class='sub'>{' · '.join(x for x in sub if x)}</span>"


def _sentence_table(sentences: list[dict[str, Any]], explanations: Sequence[Any] | None) -> str:
    rows = []
    for i, s in enumerate(sentences):
        proba = s.get("proba") or {}
        p = f" {float(proba[s['stance']]):.2f}" if s["stance"] in proba else ""
        why = _why(explanations[i], s["stance"]) if explanations else ""
        date = s.get("date") or "undated"
        rows.append(
            f"<tr id='s-{_e(s['id'])}' data-actor='{_e(s['speaker'])}' data-target='{_e(s['target'])}' "
            f"data-stance='{_e(s['stance'])}' data-doc='{_e(s['doc'])}' data-date='{_e(date)}'>"
            f"<td class='id'>{_e(s['id'])}<span class='sub'>{_e(s.get('date') or '')}</span></td>"
            f"<td class='speaker'>{_speaker_cell(s)}</td>"
            f"<td class='target'>{_e(s['target'])}<span class='sub'>{_e(s.get('target_rule', ''))}</span></td>"
            f"<td class='stance'><span class='badge {_e(s['stance'].lower())}'>{_e(s['stance'])}{p}</span>"
            f"{_proba_svg(proba) if proba else ''}</td>"
            f"<td class='text'>{_e(s['text'])}{why}</td></tr>"
        )
    return (
        "<table id='sentence-table'><thead><tr><th scope='col'>id</th><th scope='col'>speaker</th>"
        "<th scope='col'>target</th><th scope='col'>stance</th><th scope='col'>sentence</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _options(values: Iterable[str], label: str) -> str:
    return f"<option value=''>{_e(label)}</option>" + "".join(
        f"<option value='{_e(v)}'>{_e(v)}</option>" for v in values
    )


def _filters(sentences: list[dict[str, Any]]) -> str:
    actors = sorted({s["speaker"] for s in sentences}, key=str.lower)
    targets = sorted({s["target"] for s in sentences}, key=lambda t: (TARGETS.index(t) if t in TARGETS else 99, t))
    stances = [s for s in STANCES[::-1] if any(x["stance"] == s for x in sentences)]
    return (
        "<form id='filters' class='filters' onsubmit='return false'>"
        f"<label>actor <select id='f-actor' name='actor'>{_options(actors, 'all actors')}</select></label>"
        f"<label>target <select id='f-target' name='target'>{_options(targets, 'all targets')}</select></label>"
        f"<label>stance <select id='f-stance' name='stance'>{_options(stances, 'all stances')}</select></label>"
        "<button type='button' id='f-clear'>show all</button>"
        f"<output id='f-count' aria-live='polite'>{len(sentences)} of {len(sentences)} sentences</output>"
        "<span id='f-scope' class='muted'></span></form>"
    )


# ---------------------------------------------------------------------------------------------
# Page

_CSS = """
:root{--favor:#0072B2;--against:#D55E00;--none:#9a9a9a;--ink:#1d2430;--muted:#687080;--line:#e3e6ea;--bg:#fafbfc}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--ink);background:var(--bg)}
main{max-width:1240px;margin:0 auto;padding:0 20px 40px}
header.top{background:#fff;border-bottom:1px solid var(--line);padding:18px 20px 10px}
header.top>div{max-width:1240px;margin:0 auto}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:28px 0 8px}
.summary{font-size:16px;margin:0 0 8px}.model{margin:4px 0}
.caveats{margin:6px 0 4px;padding-left:20px;color:#3a4250;font-size:13.5px}.caveats li{margin:2px 0}
nav{margin-top:8px;font-size:14px}nav a{margin-right:14px}
a{color:#0b5cad;text-decoration:none}a:hover{text-decoration:underline}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px;background:#f0f2f5;
padding:0 3px;border-radius:3px}
.muted{color:var(--muted);font-weight:normal}.sub{display:block;color:var(--muted);font-size:12px;font-weight:normal}
table{border-collapse:collapse;background:#fff}
.chart{width:100%;border:1px solid var(--line)}
.chart th,.chart td{padding:2px 8px;text-align:left;vertical-align:middle;border-bottom:1px solid #f1f2f4}
.chart thead th{position:sticky;top:0;background:#fff;font-weight:600;font-size:13px;
border-bottom:1px solid var(--line)}
.chart .group-head th{background:#f3f5f8;font-size:14px;padding:6px 8px;border-top:1px solid var(--line)}
.chart td.actor{font-weight:600;max-width:280px}
.chart td.actor a{display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;
overflow:hidden}.chart td.target{font-size:13px;color:#3a4250}
.chart td.num{font-variant-numeric:tabular-nums;white-space:nowrap;font-size:13px}
.chart td.counts{white-space:nowrap}.chart td.counts svg{vertical-align:middle}
.count-text{font-size:12px;margin-left:4px;color:var(--muted)}
b.f{color:var(--favor)}b.a{color:var(--against)}
.chart tr.actor-row:hover{background:#f6f9ff}
svg text{font-size:10px;fill:#555}svg text.muted{fill:#999;font-style:italic}
.axis-label{display:flex;justify-content:space-between;width:250px;font-size:11px;font-weight:normal;color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;margin:6px 0 10px;padding:6px 10px;font-size:13px;
background:#fff;border:1px solid var(--line);border-radius:4px}
.legend svg{vertical-align:middle;margin-right:4px}
.sw{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:4px;vertical-align:-1px}
details.silent{margin:8px 0;font-size:13px}details.silent p{margin:6px 0}
.scroll{overflow-x:auto}
#timeline-grid th,#timeline-grid td{padding:2px;font-size:12.5px;text-align:left}
#timeline-grid th[scope=row]{max-width:360px;padding-right:10px;font-weight:600;line-height:1.2}
#timeline-grid th.period{vertical-align:bottom;height:150px}
#timeline-grid th.period span{writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal;color:#3a4250}
#timeline-grid td.cell a{display:block;width:46px;height:24px;line-height:24px;text-align:center;border-radius:3px;
font-variant-numeric:tabular-nums}
#timeline-grid a.dark{color:#fff}#timeline-grid a.light{color:#888}
#timeline-grid td.empty{background:repeating-linear-gradient(45deg,#fafafa,#fafafa 3px,#f2f2f2 3px,#f2f2f2 6px)}
.filters{position:sticky;top:0;z-index:2;background:var(--bg);padding:8px 0;display:flex;flex-wrap:wrap;gap:8px 14px;
align-items:center;border-bottom:1px solid var(--line);font-size:14px}
.filters select{max-width:260px;font-size:14px}.filters button{font-size:13px}
#f-count{font-weight:600}
#sentence-table{width:100%;border:1px solid var(--line);margin-top:8px}
#sentence-table th{text-align:left;font-size:13px;background:#f3f5f8;padding:6px 8px}
#sentence-table td{padding:6px 8px;vertical-align:top;border-top:1px solid #eef0f3;font-size:14px}
#sentence-table td.id{font-size:12px;color:var(--muted);white-space:nowrap}
#sentence-table td.speaker{width:190px;font-weight:600}#sentence-table td.target{width:170px;font-size:13px}
#sentence-table td.stance{width:120px;white-space:nowrap}#sentence-table td.text{max-width:560px}
#sentence-table tr:target{background:#fff8d6}
.badge{display:inline-block;padding:1px 6px;border-radius:10px;font-size:12px;font-weight:600;color:#fff}
.badge.favor{background:var(--favor)}.badge.against{background:var(--against)}.badge.none{background:var(--none)}
svg.proba{display:block;margin-top:4px}
details.why{margin-top:3px}details.why summary{cursor:pointer;color:#0b5cad;font-size:12px}
details.why ol{display:flex;flex-wrap:wrap;gap:2px 12px;margin:4px 0 2px;padding:0;list-style:none;font-size:12px}
details.why .up{font-weight:600}details.why .down{color:var(--muted)}
details.why.favor .up{color:var(--favor)}details.why.against .up{color:var(--against)}
footer{max-width:1240px;margin:0 auto;padding:10px 20px 30px;color:var(--muted);font-size:12.5px}
@media print{.filters{position:static}}
"""

# No "$" in the script: string.Template would read it as a placeholder.
_JS = """
(function () {
  var KEYS = ["actor", "target", "stance", "doc", "date"];
  var rows = Array.prototype.slice.call(document.querySelectorAll("#sentence-table tbody tr"));
  var form = document.getElementById("filters");
  function fromUrl() {
    var p = new URLSearchParams(window.location.search);
    var hash = window.location.hash.replace(/^#/, "");
    if (hash.indexOf("=") >= 0) {
      new URLSearchParams(hash).forEach(function (v, k) { p.set(k, v); });
    }
    var f = {};
    KEYS.forEach(function (k) { f[k] = p.get(k) || ""; });
    return f;
  }
  function apply(f) {
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = KEYS.every(function (k) { return !f[k] || tr.dataset[k] === f[k]; });
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    ["actor", "target", "stance"].forEach(function (k) {
      var select = document.getElementById("f-" + k);
      if (select) { select.value = f[k]; }
    });
    document.getElementById("f-count").textContent = shown + " of " + rows.length + " sentences";
    var scope = [];
    if (f.doc) { scope.push("article " + f.doc); }
    if (f.date) { scope.push("date " + f.date); }
    document.getElementById("f-scope").textContent = scope.length ? "in " + scope.join(", ") : "";
    document.body.setAttribute("data-filtered", KEYS.some(function (k) { return f[k]; }) ? "yes" : "no");
  }
  function fromForm() {
    var f = fromUrl();
    ["actor", "target", "stance"].forEach(function (k) { f[k] = document.getElementById("f-" + k).value; });
    return f;
  }
  function write(f) {
    var p = new URLSearchParams();
    KEYS.forEach(function (k) { if (f[k]) { p.set(k, f[k]); } });
    history.replaceState(null, "", "#" + p.toString());
  }
  form.addEventListener("change", function () { var f = fromForm(); write(f); apply(f); });
  document.getElementById("f-clear").addEventListener("click", function () {
    var f = {}; KEYS.forEach(function (k) { f[k] = ""; }); write(f); apply(f);
  });
  window.addEventListener("hashchange", function () {
    if (window.location.hash.indexOf("=") < 0) { return; }  // a plain anchor such as #actors
    apply(fromUrl());
    document.getElementById("sentences").scrollIntoView();
  });
  var initial = fromUrl();
  apply(initial);
  if (KEYS.some(function (k) { return initial[k]; })) { document.getElementById("sentences").scrollIntoView(); }
})();
"""

_PAGE = Template(
    """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="stanceclf $version">
<title>$title</title>
<style>$css</style>
</head>
<body data-filtered="no">
<header class="top"><div>
<h1>$title</h1>
<p class="summary">$summary</p>
$model
<ul class="caveats">$caveats</ul>
<nav><a href="#actors">Actors</a>$timeline_link<a href="#sentences">Sentences</a></nav>
</div></header>
<main>
<section id="actors">
<h2>Actors <span class='muted'>· grouped by speaker type, most stance sentences first</span></h2>
$legend
$chart
</section>
$timeline
<section id="sentences">
<h2>Sentences</h2>
$filters
$table
</section>
</main>
<footer>Generated by stanceclf $version on $date. Net position = (favor − against) / (favor + against); its 95%
interval is the Jeffreys interval of the favor share. Self-contained: no network needed.</footer>
<script>$js</script>
</body>
</html>
"""
)


# Headless Chromium, for the browser test and the README's screenshots (not needed to write a report).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
)


def headless_browser(profile: str | os.PathLike) -> list[str] | None:
    """The command prefix of a headless Chromium on PATH with a fresh profile directory, or None."""
    path = next(filter(None, map(shutil.which, BROWSERS)), None)
    return [path, *HEADLESS_FLAGS, f"--user-data-dir={profile}"] if path else None


def _explain(model: Any, sentences: list[dict[str, Any]], k: int, chunk: int = 2000) -> list[Any] | None:
    if model is None or not k or not hasattr(model, "explain") or not sentences:
        return None
    explanations: list[Any] = []
    for start in range(0, len(sentences), chunk):  # explain builds per-row lists: keep the matrix small
        part = sentences[start : start + chunk]
        explanations.extend(model.explain([{"text": s["text"], "target": s["target"]} for s in part], k=k))
    return explanations


def render_html(
    analysis: Any,
    model: Any = None,
    *,
    model_name: str | None = None,
    manifest: Mapping[str, Any] | None = None,
    explain_top: int = 5,
    title: str = "Who stands where",
) -> str:
    """Render an analysis as one self-contained HTML page.

    Parameters
    ----------
    analysis : Analysis
        From :func:`stanceclf.analyze` or :func:`stanceclf.analyze_folder`.
    model : StanceClassifier, optional
        The model that labelled the sentences: its ``explain`` gives the features behind each
        stance, and its ``manifest_`` (set by :func:`stanceclf.load_model`) the measured figures.
    model_name : str, optional
        Shown in the header (e.g. the model directory).
    manifest : dict, optional
        The model's manifest, if ``model`` does not carry one.
    explain_top : int, default=5
        Features per sentence under "why" (0: none).
    title : str

    Returns
    -------
    str
        The HTML document; article texts are escaped, so markup in a sentence shows as text.
    """
    if explain_top < 0:
        raise ValueError(f"explain_top must be >= 0, got {explain_top}")
    sentences = [_fields(s) for s in analysis.sentences]
    actors = [_fields(r) for r in analysis.actors]
    timeline = [_fields(r) for r in getattr(analysis, "timeline", [])]
    manifest = manifest if manifest is not None else getattr(model, "manifest_", None)
    docs = len({s["doc"] for s in sentences})
    stance_n = sum(s["stance"] != "NONE" for s in sentences)
    summary = (
        f"{len(sentences)} sentences from {docs} article{'s' * (docs != 1)}; <strong>{stance_n}</strong> take a "
        f"stance toward a ban, by {len({r['actor'] for r in actors if r['favor'] + r['against']})} actors."
    )
    abstained = getattr(analysis, "n_abstained", 0)
    if abstained:
        summary += (
            f" {abstained} sentence{'s' * (abstained != 1)} are left out of the actors: their speaker was "
            f"attributed with a confidence below {getattr(analysis, 'min_speaker_confidence', 0):.2f}."
        )
    timeline_html = _timeline(timeline, sentences)
    return _PAGE.substitute(
        version=_e(LIBRARY_VERSION),
        title=_e(title),
        summary=summary,
        model=_model_header(manifest, model_name),
        caveats="".join(f"<li>{c}</li>" for c in CAVEATS),
        timeline_link="<a href='#timeline'>Over time</a>" if timeline_html else "",
        legend=_legend(),
        chart=_actor_chart(actors),
        timeline=timeline_html,
        filters=_filters(sentences),
        table=_sentence_table(sentences, _explain(model, sentences, explain_top)),
        date=_dt.date.today().isoformat(),
        css=_CSS,
        js=_JS,
    )
