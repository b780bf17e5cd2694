"""Exports of an analysis: CSV and JSONL tables, a GraphML network, markdown and HTML reports."""

from __future__ import annotations

import csv
import io
import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from .._io import check_overwrite, write_text_atomic
from ..records import STANCES, TARGETS
from ..report import render_html
from .table import ActorRow, Analysis, SentenceRow

__all__ = [
    "EXPORT_FILES",
    "actors_csv",
    "export",
    "format_net",
    "graphml",
    "jsonl",
    "markdown_report",
    "sentence_dict",
    "sentences_csv",
]


def _actor_dict(row: ActorRow) -> dict:
    data = asdict(row)
    data["n"] = row.n
    return data


def sentence_dict(row: SentenceRow) -> dict:
    """A sentence row as a JSON-ready dict."""
    return asdict(row)


def actors_csv(rows: list[ActorRow]) -> str:
    """The actor table as CSV; ``sentence_ids`` joined by ``;``."""
    out = io.StringIO()
    fields = [
        "period",
        "actor",
        "speaker_type",
        "target",
        "favor",
        "against",
        "none",
        "n",
        "net",
        "net_low",
        "net_high",
        "sentence_ids",
        "variants",
    ]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = _actor_dict(row)
        data["sentence_ids"] = ";".join(row.sentence_ids)
        data["variants"] = ";".join(row.variants)
        for key in ("net", "net_low", "net_high"):
            data[key] = "" if data[key] is None else f"{data[key]:.4f}"
        writer.writerow({k: data[k] for k in fields})
    return out.getvalue()


def sentences_csv(rows: list[SentenceRow]) -> str:
    """The sentence table as CSV, with one ``p_<CLASS>`` column per stance."""
    out = io.StringIO()
    fields = (
        [
            "id",
            "doc",
            "date",
            "speaker",
            "speaker_type",
            "affiliation",
            "speaker_rule",
            "speaker_confidence",
            "speaker_mention",
            "target",
            "target_rule",
            "stance",
        ]
        + [f"p_{s}" for s in STANCES]
        + ["text"]
    )
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        data = sentence_dict(row)
        data.update({f"p_{s}": row.proba.get(s, "") for s in STANCES})
        data["speaker_confidence"] = "" if row.speaker_confidence is None else row.speaker_confidence
        writer.writerow({k: data[k] for k in fields})
    return out.getvalue()


def jsonl(items: Iterable[dict]) -> str:
    """One JSON object a line."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)


_GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
_NODE_KEYS = (("kind", "string"), ("label", "string"), ("speaker_type", "string"))
_EDGE_KEYS = (
    ("favor", "int"),
    ("against", "int"),
    ("none", "int"),
    ("weight", "int"),
    ("net", "double"),
    ("sign", "int"),
)


def graphml(rows: list[ActorRow]) -> str:
    """The actor-target network as GraphML (readable by networkx, Gephi, yEd).

    Nodes are actors (``actor:<name>``) and targets (``target:<name>``), with ``kind``, ``label``
    and ``speaker_type``. A directed edge actor -> target carries ``favor``, ``against``, ``none``,
    ``weight`` (all its sentences), ``net`` (0 when undefined) and ``sign`` (+1 favour, -1 against,
    0 balanced or no stance).
    """
    ET.register_namespace("", _GRAPHML_NS)
    root = ET.Element(f"{{{_GRAPHML_NS}}}graphml")
    for name, kind in _NODE_KEYS:
        ET.SubElement(
            root, f"{{{_GRAPHML_NS}}}key", {"id": f"n_{name}", "for": "node", "attr.name": name, "attr.type": kind}
        )
    for name, kind in _EDGE_KEYS:
        ET.SubElement(
            root, f"{{{_GRAPHML_NS}}}key", {"id": f"e_{name}", "for": "edge", "attr.name": name, "attr.type": kind}
        )
    graph = ET.SubElement(root, f"{{{_GRAPHML_NS}}}graph", {"id": "stance", "edgedefault": "directed"})

    def data(parent: ET.Element, key: str, value: Any) -> None:
        ET.SubElement(parent, f"{{{_GRAPHML_NS}}}data", {"key": key}).text = str(value)

    actors: dict[str, str] = {}
    for row in rows:
        actors.setdefault(row.actor, row.speaker_type)
    for name, kind in actors.items():
        node = ET.SubElement(graph, f"{{{_GRAPHML_NS}}}node", {"id": f"actor:{name}"})
        data(node, "n_kind", "actor"), data(node, "n_label", name), data(node, "n_speaker_type", kind)
    for target in sorted({r.target for r in rows}, key=lambda t: TARGETS.index(t) if t in TARGETS else 99):
        node = ET.SubElement(graph, f"{{{_GRAPHML_NS}}}node", {"id": f"target:{target}"})
        data(node, "n_kind", "target"), data(node, "n_label", target), data(node, "n_speaker_type", "")
    for i, row in enumerate(rows):
        edge = ET.SubElement(
            graph,
            f"{{{_GRAPHML_NS}}}edge",
            {"id": f"edge{i}", "source": f"actor:{row.actor}", "target": f"target:{row.target}"},
        )
        net = row.net or 0.0
        values = (row.favor, row.against, row.none, row.n, round(net, 6), (net > 0) - (net < 0))
        for (name, _), value in zip(_EDGE_KEYS, values):
            data(edge, f"e_{name}", value)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def format_net(row: ActorRow) -> str:
    """``+0.50 [-0.10, +0.90]``: the net position and its interval, or ``n/a``."""
    if row.net is None:
        return "n/a"
    return f"{row.net:+.2f} [{row.net_low:+.2f}, {row.net_high:+.2f}]"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _abstention_note(analysis: Analysis) -> list[str]:
    if not analysis.n_abstained:
        return []
    return [
        f"{analysis.n_abstained} sentence(s) are left out of the tables: their speaker was attributed with a "
        f"confidence below {analysis.min_speaker_confidence:.2f} (see `speaker_confidence` in the sentence table)."
    ]


def markdown_report(analysis: Analysis, *, title: str = "Who stands where") -> str:
    """A readable report: actor table, timeline, and the stance sentences behind each figure."""
    docs = sorted({s.doc for s in analysis.sentences})
    stance_rows = [s for s in analysis.sentences if s.stance != "NONE"]
    lines = [
        f"# {title}",
        "",
        f"{len(analysis.sentences)} sentences from {len(docs)} article(s); {len(stance_rows)} take a stance.",
        "Net position = (favor − against) / (favor + against), from −1 (against the ban) to +1 (for it); "
        "brackets: 95% Jeffreys interval.",
        *_abstention_note(analysis),
        "",
        "## Actors",
        "",
        "| actor | type | target | favor | against | none | net position |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for row in analysis.actors:
        if row.favor + row.against:
            lines.append(
                f"| {_md(row.actor)} | {row.speaker_type} | {row.target} | {row.favor} | {row.against} | "
                f"{row.none} | {format_net(row)} |"
            )
    if analysis.timeline:
        lines += [
            "",
            "## Over time",
            "",
            "| period | actor | target | favor | against | net position |",
            "|---|---|---|---:|---:|---|",
        ]
        for row in analysis.timeline:
            if row.favor + row.against:
                lines.append(
                    f"| {_md(row.period or '')} | {_md(row.actor)} | {row.target} | {row.favor} | "
                    f"{row.against} | {format_net(row)} |"
                )
    lines += ["", "## Stance sentences", ""]
    for s in stance_rows:
        p = f" ({s.proba[s.stance]:.2f})" if s.stance in s.proba else ""
        lines.append(f"- `{s.id}` **{_md(s.speaker)}** → {s.stance}{p} on {s.target}: {_md(s.text)}")
    return "\n".join(lines) + "\n"


EXPORT_FILES = (
    "actors.csv", "actors.jsonl", "sentences.csv", "sentences.jsonl", "network.graphml", "report.md", "report.html"
)


def export(
    analysis: Analysis,
    out_dir: str | os.PathLike,
    *,
    overwrite: bool = False,
    model: Any = None,
    model_name: str | None = None,
    explain_top: int = 5,
) -> list[Path]:
    """Write every export into ``out_dir``; return the paths written.

    Files: actors.csv/.jsonl (the actor table, and timeline rows with their ``period``),
    sentences.csv/.jsonl, network.graphml, report.md and report.html (:mod:`stanceclf.report`;
    with ``model``, its figures and the ``explain_top`` features behind each stance; 0 saves the
    time of explaining every sentence). Each is written atomically.

    Raises
    ------
    FileExistsError
        If any of them exists and ``overwrite`` is false; then nothing is written.
    """
    out = Path(out_dir)
    paths = [out / name for name in EXPORT_FILES]
    check_overwrite(paths, overwrite=overwrite)
    actors = analysis.actors + analysis.timeline
    contents = {
        "actors.csv": actors_csv(actors),
        "actors.jsonl": jsonl(_actor_dict(r) for r in actors),
        "sentences.csv": sentences_csv(analysis.sentences),
        "sentences.jsonl": jsonl(sentence_dict(r) for r in analysis.sentences),
        "network.graphml": graphml(analysis.actors),
        "report.md": markdown_report(analysis),
        "report.html": render_html(analysis, model, model_name=model_name, explain_top=explain_top),
    }
    for path in paths:
        write_text_atomic(path, contents[path.name], overwrite=overwrite)
    return paths

