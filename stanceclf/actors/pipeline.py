"""Articles to tables: read articles, attribute speakers, guess targets, classify, aggregate."""

from __future__ import annotations

import os
import re
import warnings
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

from .._io import read_text
from ..discourse import with_context
from ..persistence import load_model
from ..sentences import split_sentences
from ..speakers import SpeakerRegistry, attribute_speakers, find_paragraph_starts, load_ranker
from .table import ActorRow, Analysis, SentenceRow, actor_table, is_confident
from .targets import guess_target

__all__ = ["analyze", "analyze_folder", "read_article"]

_DATE_HEADER = re.compile(r"^\s*date:\s*(\d{4}-\d{2}(?:-\d{2})?)\s*$", re.I)


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
    kept = [r for r in rows if is_confident(r, threshold)]
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
        if is_confident(row, threshold):
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

