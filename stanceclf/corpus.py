"""The AI-policy corpus as stand-off annotation, hydrated from article texts kept outside the repository.

Only the five seed articles ship with stanceclf (``data/articles/``). Every other article belongs to
its publisher, so the corpus keeps, for each of its sentences, the article id, the source URL, the
sentence's position and character offsets in the article text, the SHA-256 of the sentence and the
labels, but not the text itself. :func:`load_corpus` *hydrates* the corpus: it reads each article
from a folder you supply, extracts its text by the same rule that made the offsets, cuts each
sentence out by its offsets, checks it against the recorded hash and the sentence splitter, and
returns the same typed ``datasets.Dataset`` a corpus with inline text gives.

Where the articles are looked for, first match wins:

1. the ``articles_dir`` argument (a folder or a list of folders);
2. the ``STANCECLF_ARTICLES`` environment variable (folders separated by ``os.pathsep``);
3. in a source checkout, the folders ``../shared/articles*`` beside it.

The seed articles are always read from the shipped ``data/articles/``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from nltk.metrics.agreement import AnnotationTask
from sklearn.metrics import cohen_kappa_score

from ._io import read_text, shipped_path
from .records import AnnotationError, corpus_features, read_located_records
from .sentences import split_sentences

__all__ = [
    "ArticleStatus",
    "agreement",
    "article_text",
    "HydrationReport",
    "check_articles",
    "documents",
    "extract_article_text",
    "is_standoff",
    "load_corpus",
    "read_corpus_records",
    "sentence_sha256",
    "sentence_spans",
    "validate_files",
]

ENVIRONMENT_VARIABLE = "STANCECLF_ARTICLES"
_STANDOFF_FIELDS = ("sentence", "start", "end", "sha256")
_HOW_TO_SUPPLY = (
    "put the article files (<doc>.txt, as collected, with their url/title/date/source header) in a folder and "
    f"pass articles_dir=FOLDER, or set {ENVIRONMENT_VARIABLE}=FOLDER"
)


def sentence_sha256(text: str) -> str:
    """SHA-256 (hex) of a sentence's UTF-8 bytes, as recorded in the stand-off corpus."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_article_text(raw: str) -> tuple[dict[str, str], str]:
    """Header fields and article text of a collected page (``../shared/articles*/<doc>.txt``).

    A collected page has header lines ``key: value`` (url, title, date, source), a ``---`` line and
    the page body. The article text is the title as the first paragraph (a headline is article
    text), then the body's paragraphs with white space folded, separated by blank lines. A title
    the collector did not see on the page ("unknown ...", or marked "[from URL slug]") is left out.
    The corpus offsets index into exactly this text.
    """
    header, _, body = raw.partition("\n---\n")
    meta = {}
    for line in header.splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip()
    title = meta.get("title", "")
    if title.startswith("unknown") or title.endswith("[from URL slug]"):
        title = ""
    paragraphs = [title] + [" ".join(block.split()) for block in re.split(r"\n\s*\n", body)]
    return meta, "\n\n".join(p for p in paragraphs if p) + "\n"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of :func:`split_sentences` in ``text``, in order."""
    spans, cursor = [], 0
    for sentence in split_sentences(text):
        start = text.find(sentence, cursor)
        if start < 0:  # the splitter only strips and joins with the text's own single spaces
            raise ValueError(f"sentence not found verbatim in the article text: {sentence[:60]!r}")
        cursor = start + len(sentence)
        spans.append((start, cursor))
    return spans


@dataclass
class ArticleStatus:
    """How one article of the corpus hydrated: ``status`` is ``ok``, ``missing`` or ``changed``."""

    doc: str
    url: str
    status: str
    sentences: int
    restored: int
    path: str = ""
    detail: str = ""


@dataclass
class HydrationReport:
    """What :func:`check_articles` and :func:`load_corpus` could and could not restore."""

    searched: list[str]
    articles: list[ArticleStatus] = field(default_factory=list)

    @property
    def missing(self) -> list[ArticleStatus]:
        return [a for a in self.articles if a.status == "missing"]

    @property
    def changed(self) -> list[ArticleStatus]:
        return [a for a in self.articles if a.status == "changed"]

    @property
    def complete(self) -> bool:
        return all(a.status == "ok" for a in self.articles)

    @property
    def n_restored(self) -> int:
        return sum(a.restored for a in self.articles)

    @property
    def n_sentences(self) -> int:
        return sum(a.sentences for a in self.articles)

    def summary(self) -> str:
        """A few lines for people: counts, then every article that did not hydrate with its URL."""
        folders = ", ".join(self.searched) or "no folder (only the shipped seed articles)"
        lines = [
            f"{self.n_restored} of {self.n_sentences} sentences restored from "
            f"{sum(a.status == 'ok' for a in self.articles)} of {len(self.articles)} articles; searched: {folders}"
        ]
        for article in self.missing:
            lines.append(f"  missing: {article.doc} ({article.sentences} sentences) <{article.url}>")
        for article in self.changed:
            lines.append(f"  changed: {article.doc}: {article.detail} <{article.url}>")
        if not self.complete:
            lines.append(f"  to restore them, {_HOW_TO_SUPPLY}")
        return "\n".join(lines)


def _checkout_root() -> Path | None:
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").is_file() else None


def _article_dirs(articles_dir: str | os.PathLike | Iterable[str | os.PathLike] | None) -> list[Path]:
    if articles_dir is not None:
        given = [articles_dir] if isinstance(articles_dir, (str, os.PathLike)) else list(articles_dir)
        folders = [Path(d) for d in given]
        for folder in folders:
            if not folder.is_dir():
                raise FileNotFoundError(f"articles_dir: {folder}: no such folder")
        return folders
    if os.environ.get(ENVIRONMENT_VARIABLE):
        return [Path(d) for d in os.environ[ENVIRONMENT_VARIABLE].split(os.pathsep) if d]
    root = _checkout_root()
    if root is None:
        return []
    return sorted(p for p in (root.parent / "shared").glob("articles*") if p.is_dir())


def corpus_file() -> Path:
    """The shipped corpus: its stand-off annotation file, ``data/aipolicy/annotations.jsonl`` in a checkout."""
    return shipped_path("_corpus", "aipolicy", "annotations.jsonl")


def documents() -> dict[str, dict]:
    """The corpus's documents by id: source URL, date, split (dev/test) and the article's hash."""
    path = shipped_path("_corpus", "aipolicy", "documents.jsonl")
    return {d["doc"]: d for d in (json.loads(line) for line in read_text(path).splitlines() if line.strip())}


def _article_text(document: dict, folders: list[Path]) -> tuple[str, Path] | None:
    """The text the offsets index into, and its file; None when no folder holds the article."""
    if document["collection"] == "seed":
        path = shipped_path("_corpus", "articles", f"{document['doc']}.txt")
        return read_text(path), path
    for folder in folders:
        path = folder / f"{document['doc']}.txt"
        if path.is_file():
            return extract_article_text(read_text(path))[1], path
    return None


def _hydrate(records: list[dict], folders: list[Path], where: str) -> tuple[list[tuple[str, dict]], HydrationReport]:
    """Records with ``text`` (and url/date/source) filled in, each with its place, and the report."""
    known = documents()
    problems = []
    by_doc: dict[str, list[tuple[int, dict]]] = {}
    for line, record in enumerate(records, start=1):
        if record.get("doc") not in known:
            problems.append(f"{where}:{line}: doc: {record.get('doc')!r} is not in documents.jsonl")
            continue
        for name in _STANDOFF_FIELDS:
            value = record.get(name)
            if not isinstance(value, str if name == "sha256" else int) or isinstance(value, bool):
                problems.append(f"{where}:{line}: {name}: missing or of the wrong type")
        by_doc.setdefault(record["doc"], []).append((line, record))
    if problems:
        raise AnnotationError(problems)
    report = HydrationReport(searched=[str(f) for f in folders])
    hydrated = []
    for doc, located in by_doc.items():
        document = known[doc]
        status = ArticleStatus(doc, document.get("url", ""), "missing", len(located), 0)
        report.articles.append(status)
        found = _article_text(document, folders)
        if found is None:
            continue
        text, path = found
        status.path, status.status = str(path), "ok"
        split = split_sentences(text)
        changed = []
        for line, record in located:
            sentence = text[record["start"] : record["end"]]
            index = record["sentence"] - 1
            if (
                sentence_sha256(sentence) != record["sha256"]
                or not (0 <= index < len(split))
                or split[index] != sentence
            ):
                changed.append(record["id"])
                continue
            meta = {k: document.get(k, "") for k in ("url", "date", "source")}
            hydrated.append((f"{where}:{line}", {**record, "text": sentence, **meta}))
            status.restored += 1
        if changed:
            status.status = "changed"
            status.detail = (
                f"{len(changed)} of {len(located)} sentences differ from the annotated text (first {changed[0]})"
            )
    return hydrated, report


def article_text(doc: str, articles_dir: str | os.PathLike | Iterable[str | os.PathLike] | None = None) -> str:
    """The text of one corpus article, as its sentence offsets index it (paragraphs kept).

    Raises ``KeyError`` for a doc the corpus does not have and ``FileNotFoundError`` (saying where
    it looked and the article's URL) when no folder holds it.
    """
    document = documents()[doc]
    folders = _article_dirs(articles_dir)
    found = _article_text(document, folders)
    if found is None:
        raise FileNotFoundError(
            f"{doc}: article not found in {', '.join(map(str, folders)) or 'any folder'} <{document.get('url', '')}>; "
            f"{_HOW_TO_SUPPLY}"
        )
    return found[0]


def check_articles(articles_dir: str | os.PathLike | Iterable[str | os.PathLike] | None = None) -> HydrationReport:
    """Report which articles of the shipped corpus can be restored from the given folders.

    Parameters
    ----------
    articles_dir : str, Path or list of them, optional
        Folders holding the collected article files; by default ``STANCECLF_ARTICLES``, else
        ``../shared/articles*`` beside a source checkout.

    Returns
    -------
    HydrationReport
        Per article: ``ok``, ``missing`` (with its URL, to fetch it) or ``changed`` (the file's text
        no longer matches the annotated sentences' hashes). ``summary()`` prints it.
    """
    path = corpus_file()
    records = [json.loads(line) for line in read_text(path).splitlines() if line.strip()]
    return _hydrate(records, _article_dirs(articles_dir), str(path))[1]


def is_standoff(path: str | os.PathLike) -> bool:
    """Whether a JSONL file holds stand-off records (offsets and hashes instead of ``text``)."""
    path = Path(path)
    if path.suffix != ".jsonl" or not path.is_file():
        return False
    first = next((line for line in read_text(path).splitlines() if line.strip()), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "text" not in record and "sha256" in record


def read_corpus_records(
    path: str | os.PathLike | None = None,
    *,
    articles_dir: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
    missing: Literal["warn", "raise"] = "warn",
) -> list[tuple[str, dict]]:
    """Validated corpus records, each with its place ``file:line``, hydrated when stand-off.

    The parameters are those of :func:`load_corpus`, which wraps this in a ``datasets.Dataset``.
    """
    if missing not in ("warn", "raise"):
        raise ValueError(f"missing must be 'warn' or 'raise', got {missing!r}")
    source = Path(path) if path is not None else corpus_file()
    if not source.is_file():
        raise FileNotFoundError(f"{source}: no such file")
    if not is_standoff(source):
        return read_located_records(source, corpus=True)
    raw = [json.loads(line) for line in read_text(source).splitlines() if line.strip()]
    located, report = _hydrate(raw, _article_dirs(articles_dir), str(source))
    if not report.complete:
        if missing == "raise":
            raise AnnotationError([report.summary()])
        warnings.warn(f"corpus incomplete: {report.summary()}", UserWarning, stacklevel=3)
    try:
        read_located_records([record for _, record in located], corpus=True)
    except AnnotationError as error:  # name the corpus file's lines, not positions in memory
        places = [where for where, _ in located]
        raise AnnotationError(
            [re.sub(r"^<input record>:(\d+)", lambda m: places[int(m.group(1)) - 1], p) for p in error.problems]
        ) from None
    return located


def load_corpus(
    path: str | os.PathLike | None = None,
    *,
    articles_dir: str | os.PathLike | Iterable[str | os.PathLike] | None = None,
    missing: Literal["warn", "raise"] = "warn",
):
    """Load the annotated AI-policy corpus as a typed ``datasets.Dataset``.

    Parameters
    ----------
    path : str or Path, optional
        A corpus JSONL file. Records with a ``text`` field are read as they are; stand-off records
        (``sentence``, ``start``, ``end``, ``sha256`` instead of ``text``) are hydrated. Default: the
        shipped corpus, ``data/aipolicy/annotations.jsonl``.
    articles_dir : str, Path or list of them, optional
        Folders holding the non-seed article files (see the module docstring for the defaults).
    missing : {"warn", "raise"}, default="warn"
        What to do when an article is missing or its text has changed: warn (naming each article,
        its URL and how to supply it) and return the sentences that could be restored, or raise.

    Returns
    -------
    datasets.Dataset
        Columns id, doc, text, speaker, speaker_type, target, stance, rationale, url, date, source;
        ``stance``, ``target`` and ``speaker_type`` are ``ClassLabel`` features (use
        ``dataset.features["stance"].int2str`` for names).

    Raises
    ------
    AnnotationError
        If any record is malformed (the message names the file, the line and the field), or an
        article cannot be restored and ``missing="raise"``.
    """
    from datasets import Dataset  # where used: datasets adds ~0.3 s to `import stanceclf`

    records = [record for _, record in read_corpus_records(path, articles_dir=articles_dir, missing=missing)]
    features = corpus_features()
    columns = {name: [record.get(name) for record in records] for name in features}
    return Dataset.from_dict(columns, features=features)


def validate_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Every problem of annotation files in corpus format, as ``file:line: field: message``.

    Checks each file's schema and labels (:func:`read_records` with ``corpus=True``; a stand-off
    file such as the shipped corpus is hydrated first, as by :func:`load_corpus`), ids unique across
    all files, and texts that occur in more than one document. Returns an empty list when all is well.
    """
    problems: list[str] = []
    first_place: dict[str, str] = {}
    first_text: dict[str, tuple[str, str]] = {}
    for path in paths:
        try:
            located = read_corpus_records(path)
        except AnnotationError as error:
            problems.extend(error.problems)
            continue
        except (FileNotFoundError, ValueError) as error:
            problems.append(f"{path}: -: {error}")
            continue
        for where, record in located:
            if record["id"] in first_place and not first_place[record["id"]].startswith(f"{path}:"):
                problems.append(f"{where}: id: {record['id']!r} also at {first_place[record['id']]}")
            first_place.setdefault(record["id"], where)
            # A sentence repeated inside one article is legitimate (a list item, a repeated
            # headline); the same text in another document is a copied or twice-added article.
            key = " ".join(record["text"].split()).lower()
            if key in first_text and first_text[key][0] != record["doc"]:
                problems.append(
                    f"{where}: text: duplicate of the text at {first_text[key][1]} (doc {first_text[key][0]!r})"
                )
            first_text.setdefault(key, (record["doc"], where))
    return problems


def agreement(
    *annotations: Sequence[dict],
    fields: Sequence[str] = ("stance", "target", "speaker_type"),
) -> dict[str, Any]:
    """Agreement between two or more annotations of the same items, matched by ``id``.

    Parameters
    ----------
    *annotations : sequences of records
        Two or more annotations (lists of dicts with ``id`` and the fields).
    fields : sequence of str

    Returns
    -------
    dict
        ``n`` (items in all annotations); per field: ``kappa`` (Cohen's, scikit-learn; two
        annotations only), ``alpha`` (Krippendorff's, nominal, NLTK's ``AnnotationTask``),
        ``observed`` (share of items on which all agree), ``disagreements`` (``[id, label, label,
        ...]``) and ``confusion`` (``{"a -> b": count}`` for two annotations, else label tuples).
        Ids missing from some annotation are listed under ``missing``.
    """

    if len(annotations) < 2:
        raise ValueError("agreement needs at least two annotations")
    by_id = [{r["id"]: r for r in annotation} for annotation in annotations]
    shared = [i for i in by_id[0] if all(i in other for other in by_id[1:])]
    if not shared:
        raise ValueError("the annotations share no ids")
    every_id = set().union(*by_id)
    result: dict[str, Any] = {
        "n": len(shared),
        "annotations": len(annotations),
        "missing": sorted(every_id - set(shared)),
    }
    for name in fields:
        columns = [[str(index[i].get(name, "")) for i in shared] for index in by_id]
        rows = list(zip(*columns))
        disagreements = [[i, *labels] for i, labels in zip(shared, rows) if len(set(labels)) > 1]
        task = AnnotationTask(
            data=[(str(c), i, label) for c, column in enumerate(columns) for i, label in zip(shared, column)]
        )
        figures = {
            "alpha": float(task.alpha()) if len({label for column in columns for label in column}) > 1 else 1.0,
            "observed": float(np.mean([len(set(labels)) == 1 for labels in rows])),
            "disagreements": disagreements,
            "confusion": dict(sorted(Counter(" -> ".join(d[1:]) for d in disagreements).items())),
        }
        if len(annotations) == 2:
            figures["kappa"] = float(cohen_kappa_score(columns[0], columns[1]))
        result[name] = figures
    return result
