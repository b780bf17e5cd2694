"""From articles to an actor table: who stands where, toward which ban, and on which sentences.

:func:`analyze` splits an article into sentences, attributes each to a speaker
(:mod:`stanceclf.speakers`), guesses its target (:func:`guess_target`) and classifies its stance
with a model; it then counts, per actor and target, the FAVOR/AGAINST/NONE sentences. The *net
position* is ``(favor - against) / (favor + against)`` in [-1, 1] (``None`` without a stance
sentence); its 95% interval is the Jeffreys interval of the favor share ``p = favor / (favor +
against)`` (quantiles of Beta(favor + 1/2, against + 1/2)), mapped to ``2p - 1``. Every row keeps
the ids of its sentences, so each figure can be traced back to the text. A sentence whose speaker
was chosen with a probability below ``min_speaker_confidence`` (by default the threshold shipped
with :class:`stanceclf.speakers.SpeakerRanker`) stays in the sentence table but is left out of the
actor table; ``Analysis.n_abstained`` counts them and the report says so.

:func:`analyze_folder` does the same over many articles and adds per-article or per-date rows to
follow a debate over time. :func:`export` writes CSV/JSONL tables, a GraphML actor-target network
and a markdown report; :func:`add_cli` registers ``stanceclf analyze``.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import sys
import warnings
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scipy.stats import beta
from tqdm.auto import tqdm

from ._io import check_overwrite, read_text, write_text_atomic
from .discourse import with_context
from .persistence import DEFAULT_MODEL, load_model
from .records import STANCES, TARGETS
from .report import render_html
from .sentences import split_sentences
from .speakers import SpeakerRegistry, attribute_speakers, find_paragraph_starts, load_ranker

__all__ = [
    "Analysis",
    "ActorRow",
    "SentenceRow",
    "analyze",
    "analyze_folder",
    "export",
    "guess_target",
    "read_article",
    "add_cli",
]

# Keyword rules per target (ANNOTATION.md §2), matched case-insensitively. The first-named target
# wins, except that biometric_surveillance wins whenever it is named (§2: "if undecidable and
# biometric_surveillance is among them, choose it" — a sentence rarely makes that undecidable
# explicit, so the default is taken as the tie-break). A sentence naming none keeps the target
# of the previous sentence when that one named one (§5.12), else biometric_surveillance.
TARGET_KEYWORDS: dict[str, tuple[str, ...]] = {
    "biometric_categorisation": (
        r"categori[sz]",
        r"sensitive characteristics?",
        r"sexual orientation",
        r"political orientation",
        r"race/ethnicity",
        r"ethnicity",
    ),
    "emotion_recognition": (r"emotion", r"lie detect", r"affect recognition", r"facial expressions?"),
    "social_scoring": (r"social[- ](?:credit )?scor", r"social credit"),
    "predictive_policing": (
        r"predictive polic",
        r"predict(?:ing|s)? (?:crime|who will)",
        r"crime predict",
        r"profiling potential criminals",
    ),
    "biometric_databases": (
        r"clearview",
        r"scrap(?:e|ed|ing) (?:of )?(?:images|photos|faces|the web)",
        r"(?:face|facial|biometric|image) databases?",
        r"untargeted (?:creation|scraping)",
    ),
    "biometric_surveillance": (
        r"facial recognition",
        r"face recognition",
        r"biometric identification",
        r"remote biometric",
        r"\bRBI\b",
        r"biometric (?:mass )?surveillance",
        r"face[- ]scan",
        r"\bLFR\b",
    ),
}
DEFAULT_TARGET = "biometric_surveillance"
_DATE_HEADER = re.compile(r"^\s*date:\s*(\d{4}-\d{2}(?:-\d{2})?)\s*$", re.I)
_INTERVAL = 0.95


def guess_target(text: str, previous: str | None = None) -> tuple[str, str]:
    """Target of one sentence by keywords: ``(target, rule)`` with rule keyword/carried/default."""
    found: list[tuple[int, str]] = []
    for target, patterns in TARGET_KEYWORDS.items():
        positions = [m.start() for p in patterns for m in re.finditer(p, text, re.I)]
        if positions:
            found.append((min(positions), target))
    if not found:
        return (previous, "carried") if previous else (DEFAULT_TARGET, "default")
    if any(t == DEFAULT_TARGET for _, t in found):
        return DEFAULT_TARGET, "keyword"
    return min(found)[1], "keyword"


@dataclass
class SentenceRow:
    """One sentence with its speaker, target, stance and class probabilities."""

    id: str
    doc: str
    date: str | None
    text: str
    speaker: str
    speaker_type: str
    affiliation: str
    speaker_rule: str
    target: str
    target_rule: str
    stance: str
    proba: dict[str, float] = field(default_factory=dict)
    speaker_confidence: float | None = None  # the ranker's probability of the speaker (None: rules only)
    speaker_mention: str = ""  # the speaker as written where the attribution found it ("Tudorache", "she")


@dataclass
class ActorRow:
    """Counts and net position of one actor toward one target (optionally in one article or on one date)."""

    actor: str
    speaker_type: str
    target: str
    favor: int
    against: int
    none: int
    net: float | None
    net_low: float
    net_high: float
    sentence_ids: list[str]
    period: str | None = None  # the article id or date of a timeline row; None for the overall table
    variants: list[str] = field(default_factory=list)  # other names of the actor: "EDPB", "European Data ..."

    @property
    def n(self) -> int:
        return self.favor + self.against + self.none


def net_position(favor: int, against: int, level: float = _INTERVAL) -> tuple[float | None, float, float]:
    """Net position ``(favor - against) / (favor + against)`` and its Jeffreys interval.

    Examples
    --------
    >>> net, low, high = net_position(3, 1)
    >>> net, round(low, 3) < net < round(high, 3)
    (0.5, True)
    """
    net = (favor - against) / (favor + against) if favor + against else None
    tail = (1 - level) / 2
    low, high = beta.ppf([tail, 1 - tail], favor + 0.5, against + 0.5)
    return net, float(2 * low - 1), float(2 * high - 1)


def actor_table(
    sentences: Iterable[SentenceRow],
    *,
    period: str | None = None,
    aliases: dict[str, list[str]] | None = None,
) -> list[ActorRow]:
    """Aggregate sentences to one row per actor x target, most stance sentences first.

    ``aliases`` maps an actor to other full names known for it (``"EDPB"`` -> ``["European Data
    Protection Board"]``); with the names its sentences were found under, they form ``variants``.
    """
    groups: dict[tuple[str, str], list[SentenceRow]] = defaultdict(list)
    names: dict[str, set[str]] = defaultdict(set)
    for row in sentences:
        groups[row.speaker, row.target].append(row)
        mention = row.speaker_mention
        if mention[:1].isupper() and mention != row.speaker and mention.lower() not in ("i", "we"):
            names[row.speaker].add(mention)
    for actor, full_names in (aliases or {}).items():
        names[actor].update(name for name in full_names if name.lower() != actor.lower())
    rows = []
    for (actor, target), items in groups.items():
        counts = {s: sum(r.stance == s for r in items) for s in STANCES}
        net, low, high = net_position(counts["FAVOR"], counts["AGAINST"])
        kind = max({r.speaker_type for r in items}, key=lambda t: sum(r.speaker_type == t for r in items))
        rows.append(
            ActorRow(
                actor,
                kind,
                target,
                counts["FAVOR"],
                counts["AGAINST"],
                counts["NONE"],
                net,
                low,
                high,
                [r.id for r in items],
                period,
                sorted(names.get(actor, ())),
            )
        )
    rows.sort(key=lambda r: (-(r.favor + r.against), -r.n, r.actor, r.target))
    return rows


@dataclass
class Analysis:
    """Result of :func:`analyze` or :func:`analyze_folder`.

    Attributes
    ----------
    sentences : list of SentenceRow
    actors : list of ActorRow
        One row per actor x target over all the input.
    timeline : list of ActorRow
        The same per article or per date (``period``), in date order; empty for a single article.
    skipped : list of str
        Files of a folder that could not be read as plain-text articles, each with the reason.
    """

    sentences: list[SentenceRow]
    actors: list[ActorRow]
    timeline: list[ActorRow] = field(default_factory=list)
    min_speaker_confidence: float = 0.0
    n_abstained: int = 0  # sentences left out of actors/timeline: speaker confidence below the threshold
    skipped: list[str] = field(default_factory=list)  # files not analysed (not UTF-8 plain text)

    @property
    def attributed(self) -> list[SentenceRow]:
        """The sentences counted in the actor table (speaker confidence at or above the threshold)."""
        return [s for s in self.sentences if _confident(s, self.min_speaker_confidence)]

    def actor(self, name: str, target: str | None = None) -> list[ActorRow]:
        """Rows of one actor (case-insensitive), optionally for one target."""
        return [r for r in self.actors if r.actor.lower() == name.lower() and target in (None, r.target)]


def _split_header(text: str) -> tuple[str | None, str]:
    lines = text.split("\n", 1)
    match = _DATE_HEADER.match(lines[0])
    if match:
        return match.group(1), lines[1] if len(lines) > 1 else ""
    return None, text


def _sentence_rows(text: str, model: Any, doc: str, date: str | None, registry: SpeakerRegistry) -> list[SentenceRow]:
    sentences = split_sentences(text)
    if not sentences:
        return []
    starts = find_paragraph_starts(text, sentences)
    attributions = attribute_speakers(sentences, registry, starts)
    targets, previous = [], None
    for sentence in sentences:
        target, rule = guess_target(sentence, previous)
        previous = target if rule == "keyword" else previous
        targets.append((target, rule))
    # Context fields (previous sentence, paragraph) for models that read them. The rule-attributed
    # actor is deliberately left out: the actor table aggregates the model's labels per actor, so
    # a model that also saw who speaks would partly report its own prior about that actor.
    records = [
        {**{k: v for k, v in context.items() if k in ("text", "previous", "paragraph")}, "target": t}
        for context, (t, _) in zip(with_context(sentences, starts), targets)
    ]
    classes = [str(c) for c in model.classes_]
    if hasattr(model, "predict_proba"):
        proba = model.predict_proba(records)
        labels = [classes[i] for i in proba.argmax(axis=1)]
        probabilities = [{c: round(float(p), 4) for c, p in zip(classes, row)} for row in proba]
    else:  # a model without probabilities (linear SVM): labels only
        labels = [str(x) for x in model.predict(records)]
        probabilities = [{} for _ in labels]
    return [
        SentenceRow(
            f"{doc}-{i}", doc, date, s, a.canonical, a.speaker_type, a.affiliation, a.rule, t, tr, y, p,
            a.confidence, a.speaker,
        )
        for i, (s, a, (t, tr), y, p) in enumerate(zip(sentences, attributions, targets, labels, probabilities), 1)
    ]


def _confident(row: SentenceRow, threshold: float) -> bool:
    return row.speaker_confidence is None or row.speaker_confidence >= threshold


def _threshold(min_speaker_confidence: float | None) -> float:
    """The abstention threshold: the given one, else the one shipped with the speaker ranker."""
    if min_speaker_confidence is None:
        return load_ranker().min_confidence
    if isinstance(min_speaker_confidence, bool) or not 0.0 <= min_speaker_confidence <= 1.0:
        raise ValueError(f"min_speaker_confidence must be a number in [0, 1], got {min_speaker_confidence!r}")
    return float(min_speaker_confidence)


def _aliases(registry: SpeakerRegistry, rows: list[SentenceRow]) -> dict[str, list[str]]:
    """Full names the registry knows for each actor of the rows (as first written)."""
    return {actor: registry.variants(actor) for actor in {r.speaker for r in rows}}


def _attributed_analysis(
    rows: list[SentenceRow],
    threshold: float,
    registry: SpeakerRegistry,
    timeline: list[ActorRow] | None = None,
    skipped: list[str] | None = None,
) -> Analysis:
    kept = [r for r in rows if _confident(r, threshold)]
    aliases = _aliases(registry, kept)
    return Analysis(
        rows, actor_table(kept, aliases=aliases), timeline or [], threshold, len(rows) - len(kept), skipped or []
    )


def analyze(
    article_text: str,
    model: Any = None,
    *,
    doc: str | None = None,
    date: str | None = None,
    registry: SpeakerRegistry | None = None,
    min_speaker_confidence: float | None = None,
) -> Analysis:
    """Speakers, targets and stances of one article, and its actor table.

    Parameters
    ----------
    article_text : str
        Plain text. A first line ``date: YYYY-MM-DD`` is read as the date and not analysed.
    model : StanceClassifier, optional
        A fitted model; :func:`stanceclf.load_model` (the shipped one) by default.
    doc : str, optional
        Document id, the prefix of sentence ids (``<doc>-<n>``); ``"article"`` by default.
    date : str, optional
        Publication date; overrides the header.
    registry : SpeakerRegistry, optional
        Full names from other articles, so surnames resolve across documents.
    min_speaker_confidence : float, optional
        Sentences whose speaker was chosen with a lower probability (``speaker_confidence``) stay
        in ``sentences`` but are left out of the actor table; ``n_abstained`` says how many. By
        default the threshold shipped with the speaker ranker (chosen by cross-validation for a
        90% precision of the attributions kept); 0 keeps every sentence.

    Returns
    -------
    Analysis
    """
    if not isinstance(article_text, str):
        raise TypeError(f"article_text must be a str, got {type(article_text).__name__}")
    if model is None:
        model = load_model()
    header_date, body = _split_header(article_text)
    threshold = _threshold(min_speaker_confidence)
    registry = registry if registry is not None else SpeakerRegistry()
    rows = _sentence_rows(body, model, doc or "article", date or header_date, registry)
    if not rows:  # an empty or header-only file would otherwise vanish from the tables unnoticed
        warnings.warn(f"{doc or 'article'}: no sentences to analyse", UserWarning, stacklevel=2)
    return _attributed_analysis(rows, threshold, registry)


_NOT_TEXT_SUFFIXES = (".html", ".htm", ".xhtml", ".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub")


def read_article(path: str | os.PathLike) -> str:
    """An article's plain text, UTF-8. HTML, PDF and word-processor files are refused.

    Their markup or binary content would otherwise be split into "sentences" and classified.

    Raises
    ------
    ValueError
        Naming the file: not UTF-8 (with the line), or HTML/PDF/another document format.
    """
    path = Path(path)
    with open(path, "rb") as handle:
        head = handle.read(512)
    kind = path.suffix.lower() if path.suffix.lower() in _NOT_TEXT_SUFFIXES else None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"%pdf-"):
        kind = "PDF"
    elif start.startswith((b"<!doctype html", b"<html", b"<?xml")):
        kind = "HTML/XML"
    if kind:
        raise ValueError(f"{path}: is {kind.lstrip('.').upper()}, not a plain-text article; extract its text first")
    return read_text(path)


def _article_paths(paths_or_dir: str | os.PathLike | Iterable[str | os.PathLike]) -> list[Path]:
    items = [paths_or_dir] if isinstance(paths_or_dir, (str, os.PathLike)) else list(paths_or_dir)
    paths: list[Path] = []
    for item in map(Path, items):
        if item.is_dir():
            paths.extend(sorted(item.glob("*.txt")))
        elif item.is_file():
            paths.append(item)
        else:
            raise FileNotFoundError(f"{item}: no such file or folder")
    if not paths:
        raise FileNotFoundError(f"no .txt articles in {', '.join(map(str, items))}")
    return paths


def analyze_folder(
    paths_or_dir: str | os.PathLike | Iterable[str | os.PathLike],
    model: Any = None,
    *,
    by: str = "article",
    dates: dict[str, str] | None = None,
    min_speaker_confidence: float | None = None,
    strict: bool = False,
) -> Analysis:
    """Analyse many articles together: one actor table, plus a timeline per article or per date.

    Parameters
    ----------
    paths_or_dir : path, folder or list of paths
        ``.txt`` articles; a folder contributes its ``*.txt`` files. The document id is the file
        name without ``.txt``.
    model : StanceClassifier, optional
        Shipped model by default (loaded once).
    by : {"article", "date"}, default="article"
        Period of the timeline rows. With ``"date"`` articles without a date form the period
        ``"undated"``.
    dates : dict, optional
        Document id -> date, overriding ``date:`` headers.
    min_speaker_confidence : float, optional
        As in :func:`analyze`, for the actor table and the timeline.
    strict : bool, default=False
        Raise on the first file that is not a UTF-8 plain-text article. By default such files
        are skipped with a warning that counts them, and listed in ``Analysis.skipped``.
    """
    if by not in ("article", "date"):
        raise ValueError(f"by must be 'article' or 'date', got {by!r}")
    threshold = _threshold(min_speaker_confidence)
    if model is None:
        model = load_model()
    registry = SpeakerRegistry()  # shared: "Tudorache" in one article is "Dragoș Tudorache" of another
    texts: dict[Path, str] = {}
    skipped: list[str] = []
    for path in _article_paths(paths_or_dir):
        try:
            texts[path] = read_article(path)
        except ValueError as error:
            if strict:
                raise
            skipped.append(str(error))
    if skipped:
        warnings.warn(
            f"skipped {len(skipped)} of {len(skipped) + len(texts)} file(s) that are not UTF-8 plain text: "
            + "; ".join(skipped[:3])
            + ("; ..." if len(skipped) > 3 else ""),
            UserWarning,
            stacklevel=2,
        )
    if not texts:
        raise ValueError(f"no readable article among {len(skipped)} file(s): {skipped[0]}")
    for text in texts.values():  # first pass: a surname resolves whichever article spells it out
        registry.learn(split_sentences(_split_header(text)[1]))
    sentences: list[SentenceRow] = []
    # A bar on stderr for long folders; tqdm turns itself off when stderr is not a terminal.
    for path, text in tqdm(texts.items(), desc="analysing", unit="article", disable=None, leave=False):
        date = (dates or {}).get(path.stem)
        result = analyze(text, model, doc=path.stem, date=date, registry=registry, min_speaker_confidence=threshold)
        sentences.extend(result.sentences)
    periods: dict[str, list[SentenceRow]] = defaultdict(list)
    for row in sentences:
        if _confident(row, threshold):
            periods[row.doc if by == "article" else (row.date or "undated")].append(row)

    def order(period: str) -> tuple[str, str]:
        first = periods[period][0]
        return (first.date or "9999", period) if by == "article" else (period, "")

    aliases = _aliases(registry, sentences)
    timeline = [
        row
        for period in sorted(periods, key=order)
        for row in actor_table(periods[period], period=period, aliases=aliases)
    ]
    return _attributed_analysis(sentences, threshold, registry, timeline, skipped)


# ---------------------------------------------------------------------------------------------
# Exports


def _actor_dict(row: ActorRow) -> dict:
    data = asdict(row)
    data["n"] = row.n
    return data


def _sentence_dict(row: SentenceRow) -> dict:
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
        data = _sentence_dict(row)
        data.update({f"p_{s}": row.proba.get(s, "") for s in STANCES})
        data["speaker_confidence"] = "" if row.speaker_confidence is None else row.speaker_confidence
        writer.writerow({k: data[k] for k in fields})
    return out.getvalue()


def _jsonl(items: Iterable[dict]) -> str:
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


def _fmt_net(row: ActorRow) -> str:
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
                f"{row.none} | {_fmt_net(row)} |"
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
                    f"{row.against} | {_fmt_net(row)} |"
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
    force: bool = False,
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
        If any of them exists and ``force`` is false; then nothing is written.
    """
    out = Path(out_dir)
    paths = [out / name for name in EXPORT_FILES]
    check_overwrite(paths, overwrite=force, parameter="force")
    actors = analysis.actors + analysis.timeline
    contents = {
        "actors.csv": actors_csv(actors),
        "actors.jsonl": _jsonl(_actor_dict(r) for r in actors),
        "sentences.csv": sentences_csv(analysis.sentences),
        "sentences.jsonl": _jsonl(_sentence_dict(r) for r in analysis.sentences),
        "network.graphml": graphml(analysis.actors),
        "report.md": markdown_report(analysis),
        "report.html": render_html(analysis, model, model_name=model_name, explain_top=explain_top),
    }
    for path in paths:
        write_text_atomic(path, contents[path.name], overwrite=force)
    return paths


# ---------------------------------------------------------------------------------------------
# Command line

_EPILOG = """examples:
  stanceclf analyze article.txt                          # actor table of one article
  stanceclf analyze data/articles/ --format markdown     # a folder: one table, plus a timeline
  stanceclf analyze a.txt b.txt --by date --out report/  # CSV, JSONL, GraphML, report.md and report.html
  stanceclf analyze article.txt --format jsonl > sentences.jsonl
An article may start with a line 'date: YYYY-MM-DD'.
"""


def _print_table(analysis: Analysis, stream: Any) -> None:
    rows = [r for r in analysis.actors if r.favor + r.against] or analysis.actors
    width = max([len(r.actor) for r in rows] + [5])
    print(f"{'actor':<{width}}  {'target':<24} {'F':>3} {'A':>3} {'N':>3}  net [95% interval]", file=stream)
    for r in rows:
        print(f"{r.actor:<{width}}  {r.target:<24} {r.favor:>3} {r.against:>3} {r.none:>3}  {_fmt_net(r)}", file=stream)


def _run(args: argparse.Namespace) -> int:
    model = load_model(args.model)
    inputs = args.articles
    threshold = args.min_speaker_confidence
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise ValueError(f"--min-speaker-confidence must be between 0 and 1, got {threshold}")
    if len(inputs) == 1 and Path(inputs[0]).is_file():
        path = Path(inputs[0])
        analysis = analyze(read_article(path), model, doc=path.stem, min_speaker_confidence=args.min_speaker_confidence)
    else:
        analysis = analyze_folder(
            inputs, model, by=args.by, min_speaker_confidence=args.min_speaker_confidence, strict=args.strict
        )
    if analysis.n_abstained:
        print(
            f"{analysis.n_abstained} of {len(analysis.sentences)} sentences left out of the actor table: speaker "
            f"confidence below {analysis.min_speaker_confidence:.2f} (--min-speaker-confidence)",
            file=sys.stderr,
        )
    if args.out:
        options = {"model": model, "model_name": args.model or DEFAULT_MODEL, "explain_top": args.explain_top}
        for path in export(analysis, args.out, force=args.force, **options):
            print(f"wrote {path}", file=sys.stderr)
    if args.format == "jsonl":
        sys.stdout.write(_jsonl(_sentence_dict(r) for r in analysis.sentences))
    elif args.format == "markdown":
        sys.stdout.write(markdown_report(analysis))
    else:
        _print_table(analysis, sys.stdout)
    return 0


def add_cli(commands: Any) -> argparse.ArgumentParser:
    """Register ``analyze`` on an argparse subparsers object; the handler is ``args.run``."""
    parser = commands.add_parser(
        "analyze",
        help="who stands where toward which ban, from article texts",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Attribute each sentence of the articles to a speaker, guess its target, classify its "
        "stance, and print the actor table (counts, net position with a 95%% interval).",
    )
    parser.add_argument("articles", nargs="+", metavar="ARTICLE", help="article .txt files, or a folder of them")
    parser.add_argument(
        "--out", metavar="DIR", help="write actors/sentences CSV+JSONL, network.graphml, report.md, report.html"
    )
    parser.add_argument(
        "--format",
        choices=("table", "jsonl", "markdown"),
        default="table",
        help="what to print: actor table (default), sentence JSONL, or the markdown report",
    )
    parser.add_argument(
        "--by",
        choices=("article", "date"),
        default="article",
        help="timeline period for several articles (default: article)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing files in --out")
    parser.add_argument(
        "--min-speaker-confidence",
        type=float,
        metavar="P",
        help="leave sentences whose speaker confidence is below P out of the actor table "
        "(default: the threshold shipped with the speaker ranker; 0 keeps all)",
    )
    parser.add_argument(
        "--explain-top",
        type=int,
        default=5,
        metavar="K",
        help="features shown per sentence in report.html (default 5; 0 skips explaining, faster on large folders)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="stop at a file that is not UTF-8 plain text (default: skip it)"
    )
    parser.add_argument("--model", help="model directory or shipped name (default: the shipped model)")
    parser.set_defaults(run=_run)
    return parser
