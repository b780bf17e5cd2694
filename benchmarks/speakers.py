"""Speaker attribution measured against the annotated AI-policy corpus: rules, ranker, abstention.

Run from the repository root::

    python -m benchmarks.speakers [cv]     # development pool only: article-grouped CV, writes speakers.json
    python -m benchmarks.speakers fit      # refit the ranker on the development pool: stanceclf/speakers/ranker.json
    python -m benchmarks.speakers test     # score the TEST articles ONCE with the shipped ranker (logged)
    python -m benchmarks.speakers positions  # main actors' net positions on the seed articles

Protocol (corpus v3). ``data/aipolicy/documents.jsonl`` gives each article a ``split``: 37 v3
articles are TEST, fixed before any ranker existed; every other article (5 seeds, 32 v2, 145 v3) is
the development pool. ``cv`` and ``fit`` read development articles only (their texts and their
labels; TEST texts are not even attributed). Every choice (the ranker's ``C`` and ``voice_C``, the
abstention threshold) is made on out-of-fold predictions of a 5-fold ``GroupKFold`` over
development articles. ``test`` attributes all articles in corpus order with one shared name
registry (as :func:`stanceclf.analyze_folder` would) and scores the TEST articles' stance
sentences; it refuses to run a second time (``--again`` overrides, and is logged as such). Every
TEST scoring is appended to ``benchmarks/results/speakers_test_log.json`` with the SHA-256 of the
code and weights scored. The old v2 protocol (seed/DEV/TEST by position in doc ids) scored its TEST
four times while the rules changed; those entries stay in the log as history.

Scores: the annotated ``speaker`` of each stance-bearing sentence (stance != NONE) against the
attributed canonical name, exact (case-insensitive) and lenient
(:func:`stanceclf.speakers.lenient_match`: surname/organisation token overlap after the alias table).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.model_selection import GroupKFold

from stanceclf import speakers as speakers_module
from stanceclf.corpus import article_text, read_corpus_records
from stanceclf.speakers import (
    RANKER_PATH,
    SpeakerRanker,
    SpeakerRegistry,
    attribute_speakers,
    find_paragraph_starts,
    lenient_match,
    prepare_article,
)

from .common import RESULTS, environment, log_test_scoring, read_test_log, write_json

ROOT = Path(__file__).resolve().parent.parent
TEST_LOG = RESULTS / "speakers_test_log.json"  # append-only: every scoring of a TEST split
RESULT = RESULTS / "speakers.json"
PROTOCOL = "v3 documents.jsonl split"
GRID = {"C": (0.03, 0.1, 0.3), "voice_C": (1.0, 3.0)}
TARGET_PRECISION = 0.90
FOLDS = 5
# Actor groups for the seed-article positions (issue 6): keywords matched on lower-cased words.
MAIN_ACTORS: dict[str, set[str]] = {
    "Renew": {"renew"},
    "EDPB/EDPS": {"edpb", "edps"},
    "EPP": {"epp"},
    "France": {"france", "paris"},
    "Reclaim Your Face / EDRi": {"reclaim", "edri"},
}


def code_hash() -> str:
    """SHA-256 (16 hex digits) of the speakers package: every module and the shipped weights."""
    digest = hashlib.sha256()
    folder = Path(speakers_module.__file__).parent
    for path in sorted([*folder.glob("*.py"), RANKER_PATH]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def splits() -> dict[str, str]:
    path = ROOT / "data" / "aipolicy" / "documents.jsonl"
    return {d["doc"]: d["split"] for d in map(json.loads, path.read_text(encoding="utf-8").splitlines()) if d}


def load_articles(which: str) -> list[tuple[str, object, list[str | None]]]:
    """``(doc, prepared article, annotated speakers)`` per article, in corpus order.

    ``which``: ``"dev"`` reads development articles only; ``"all"`` reads every article (one shared
    registry, in corpus order). A sentence without stance has speaker None (never scored).
    """
    split = splits()
    records = [record for _, record in read_corpus_records(missing="raise")]
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        if which == "all" or split[record["doc"]] == "dev":
            by_doc[record["doc"]].append(record)
    registry = SpeakerRegistry()
    out = []
    for doc, items in by_doc.items():
        items.sort(key=lambda r: r["sentence"])
        sentences = [r["text"] for r in items]
        starts = find_paragraph_starts(article_text(doc), sentences)
        gold = [r["speaker"] if r["stance"] != "NONE" else None for r in items]
        out.append((doc, prepare_article(sentences, registry, starts), gold, [r["id"] for r in items]))
    return out


def attribute_corpus(records: list[dict], method: str = "rules") -> list[tuple[str, list[dict], list]]:
    """Attribute each corpus document's sentences in reading order, with one shared registry.

    Returns ``(doc, records in sentence order, attributions)`` per document, in order of first
    appearance (used by :mod:`benchmarks.aipolicy`; ``method`` as in
    :func:`stanceclf.speakers.attribute_speakers`, the rules alone by default as when its figures
    were recorded).
    """
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_doc[record["doc"]].append(record)
    registry = SpeakerRegistry()
    out = []
    for doc, items in by_doc.items():
        items.sort(key=lambda r: int(r["id"].rsplit("-", 1)[1]))
        sentences = [r["text"] for r in items]
        try:
            starts = find_paragraph_starts(article_text(doc), sentences)
        except (KeyError, FileNotFoundError):  # not a corpus article, or its text is not at hand
            starts = None
        out.append((doc, items, attribute_speakers(sentences, registry, starts, method=method)))
    return out


def _rows(doc: str, ids: list[str], gold: list, predicted: list, rules: list) -> list[dict]:
    rows = []
    for i, (g, p, r) in enumerate(zip(gold, predicted, rules)):
        if not g:
            continue
        rows.append(
            {
                "id": ids[i],
                "doc": doc,
                "gold": g,
                "predicted": p.canonical,
                "rule": p.rule,
                "confidence": p.confidence,
                "lenient": lenient_match(p.canonical, g),
                "exact": p.canonical.lower() == g.lower(),
                "rules_predicted": r.canonical,
                "rules_rule": r.rule,
                "rules_lenient": lenient_match(r.canonical, g),
            }
        )
    return rows


def precision_at(rows: list[dict], threshold: float) -> dict:
    kept = [r for r in rows if r["confidence"] >= threshold]
    return {
        "threshold": threshold,
        "coverage": len(kept) / len(rows) if rows else None,
        "n_kept": len(kept),
        "precision": sum(r["lenient"] for r in kept) / len(kept) if kept else None,
    }


def choose_threshold(rows: list[dict], target: float = TARGET_PRECISION, min_kept: int = 30) -> float:
    """The lowest confidence (2 decimals, rounded up) whose kept sentences reach ``target`` precision."""
    best = 1.0
    for t in np.round(np.arange(0.99, 0.0, -0.01), 2):
        scores = precision_at(rows, float(t))
        if scores["n_kept"] >= min_kept and scores["precision"] >= target:
            best = float(t)
    return best


def summary(rows: list[dict], threshold: float | None = None) -> dict:
    """Accuracy of the ranker and of the rules alone, per rule, the author/named confusion, abstention."""
    n = len(rows)

    def by_rule(key: str, ok: str) -> dict:
        table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for row in rows:
            table[row[key]][0] += 1
            table[row[key]][1] += row[ok]
        return {rule: {"n": c[0], "lenient_correct": c[1]} for rule, c in sorted(table.items(), key=lambda x: -x[1][0])}

    def confusion(predicted: str, ok: str) -> dict:
        counts: Counter = Counter()
        for row in rows:
            gold = "author" if row["gold"].lower() == "author" else "named"
            said = "author" if row[predicted].lower() == "author" else "named"
            if gold == said == "named" and not row[ok]:
                said = "another name"
            counts[f"gold {gold} / predicted {said}"] += 1
        return dict(sorted(counts.items()))

    out = {
        "n_stance_sentences": n,
        "n_documents": len({r["doc"] for r in rows}),
        "lenient_accuracy": sum(r["lenient"] for r in rows) / n,
        "exact_accuracy": sum(r["exact"] for r in rows) / n,
        "rules_lenient_accuracy": sum(r["rules_lenient"] for r in rows) / n,
        "by_rule": by_rule("rule", "lenient"),
        "rules_by_rule": by_rule("rules_rule", "rules_lenient"),
        "author_confusion": confusion("predicted", "lenient"),
        "rules_author_confusion": confusion("rules_predicted", "rules_lenient"),
    }
    if threshold is not None:
        out["at_threshold"] = precision_at(rows, threshold)
        out["coverage_curve"] = [precision_at(rows, t) for t in (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)]
    return out


def cross_validate(articles: list, ranker: SpeakerRanker) -> list[dict]:
    """Out-of-fold attributions of every development sentence (5-fold GroupKFold over articles)."""
    docs = [a[0] for a in articles]
    rows = []
    for train, held in GroupKFold(FOLDS).split(docs, groups=docs):
        fitted = clone(ranker).fit([articles[k][1] for k in train], [articles[k][2] for k in train])
        for k in held:
            doc, article, gold, ids = articles[k]
            rows += _rows(doc, ids, gold, fitted.attribute(article), article.rules)
    return rows


def run_cv(args: argparse.Namespace) -> dict:
    articles = load_articles("dev")
    grid = []
    for C in GRID["C"]:
        for voice_C in GRID["voice_C"]:
            rows = cross_validate(articles, SpeakerRanker(C=C, voice_C=voice_C))
            accuracy = sum(r["lenient"] for r in rows) / len(rows)
            grid.append({"params": {"C": C, "voice_C": voice_C}, "cv_lenient_accuracy": accuracy, "_rows": rows})
            print(f"  C={C:<5} voice_C={voice_C:<4} CV lenient {accuracy:.1%}", flush=True)
    best = max(grid, key=lambda g: g["cv_lenient_accuracy"])
    rows = best.pop("_rows")
    threshold = choose_threshold(rows)
    for g in grid:
        g.pop("_rows", None)
    figures = summary(rows, threshold)
    return {
        "protocol": PROTOCOL,
        "selected": {**best["params"], "min_confidence": threshold},
        "grid": grid,
        "target_precision": TARGET_PRECISION,
        "cv": figures,
        "cv_errors": [r for r in rows if not r["lenient"]],
    }


def run_fit(args: argparse.Namespace) -> None:
    result = json.loads(RESULT.read_text(encoding="utf-8"))
    selected = result["selected"]
    articles = load_articles("dev")
    ranker = SpeakerRanker(**selected).fit([a[1] for a in articles], [a[2] for a in articles])
    extra = {
        "command": "python -m benchmarks.speakers fit",
        "trained_on": f"{len(articles)} development articles of corpus v3 ({PROTOCOL}); TEST articles never read",
        "selected_by": "5-fold GroupKFold over development articles (benchmarks/results/speakers.json)",
    }
    ranker.save(RANKER_PATH, extra=extra, overwrite=True)
    print(
        f"wrote {RANKER_PATH.relative_to(ROOT)}: {len(ranker.coef_)} sentence and {len(ranker.voice_coef_)} voice "
        f"weights, min_confidence {ranker.min_confidence}"
    )


def run_test(args: argparse.Namespace) -> dict:
    earlier = [e for e in read_test_log(TEST_LOG) if e.get("config", {}).get("protocol") == PROTOCOL]
    if earlier and not args.again:
        raise SystemExit(
            f"the v3 TEST articles were already scored ({earlier[0]['date']}); they are scored once. "
            "--again scores them anyway (and logs it)."
        )
    ranker = SpeakerRanker.load(RANKER_PATH)
    config = {"protocol": PROTOCOL, "speakers code+weights sha256": code_hash(), "again": bool(earlier)}
    log_test_scoring("speaker attribution (ranker)", config, "python -m benchmarks.speakers test", TEST_LOG)
    split = splits()
    rows = []
    for doc, article, gold, ids in load_articles("all"):
        if split[doc] == "test":
            rows += _rows(doc, ids, gold, ranker.attribute(article), article.rules)
    figures = summary(rows, ranker.min_confidence)
    return {"config": config, "test": figures, "test_errors": [r for r in rows if not r["lenient"]]}


def compare_positions() -> dict:
    """Annotated vs analysed net positions of the main actors on the seed articles (shipped model)."""
    import stanceclf
    from stanceclf import analyze

    def group(name: str) -> str | None:
        words = {w.strip(".,'’()").lower() for w in name.replace("/", " ").split()}
        return next((g for g, keys in MAIN_ACTORS.items() if words & keys), None)

    def counts() -> dict:
        return defaultdict(lambda: {"FAVOR": 0, "AGAINST": 0, "NONE": 0})

    def net(c: dict) -> float | None:
        return (c["FAVOR"] - c["AGAINST"]) / (c["FAVOR"] + c["AGAINST"]) if c["FAVOR"] + c["AGAINST"] else None

    seeds = sorted((ROOT / "data" / "articles").glob("0*.txt"))
    gold, predicted = counts(), counts()
    for _, record in read_corpus_records(missing="raise"):
        if record["doc"] in {p.stem for p in seeds} and group(record["speaker"]):
            gold[group(record["speaker"])][record["stance"]] += 1
    model, registry = stanceclf.load_model(), SpeakerRegistry()
    for path in seeds:
        for sentence in analyze(path.read_text(encoding="utf-8"), model, doc=path.stem, registry=registry).sentences:
            if group(sentence.speaker):
                predicted[group(sentence.speaker)][sentence.stance] += 1
    return {
        "actors": [
            {
                "actor": g,
                "annotated": dict(gold[g]),
                "annotated_net": net(gold[g]),
                "shipped": dict(predicted[g]),
                "shipped_net": net(predicted[g]),
            }
            for g in MAIN_ACTORS
        ]
    }


def _print(figures: dict, title: str) -> None:
    print(f"{title}: {figures['n_stance_sentences']} stance-bearing sentences of {figures['n_documents']} articles")
    print(
        f"  ranker lenient {figures['lenient_accuracy']:.1%} (exact {figures['exact_accuracy']:.1%}); "
        f"rules alone lenient {figures['rules_lenient_accuracy']:.1%}"
    )
    if "at_threshold" in figures:
        t = figures["at_threshold"]
        print(f"  at confidence >= {t['threshold']}: precision {t['precision']:.1%}, coverage {t['coverage']:.1%}")
    print("  author vs named (ranker):", figures["author_confusion"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", nargs="?", default="cv", choices=("cv", "fit", "test", "positions"))
    parser.add_argument("--again", action="store_true", help="test: score TEST again although it was scored")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", "target", UserWarning)
    started = time.perf_counter()
    if args.command == "fit":
        run_fit(args)
        return 0
    result = json.loads(RESULT.read_text(encoding="utf-8")) if RESULT.is_file() else {}
    if result.get("protocol") != PROTOCOL:
        result = {"protocol": PROTOCOL}  # the v2 protocol's results are superseded
    if args.command == "cv":
        result.update(run_cv(args))
        _print(result["cv"], "development pool, out-of-fold")
    elif args.command == "test":
        result.update(run_test(args))
        _print(result["test"], "TEST")
    else:
        result["positions"] = compare_positions()
    result["test_scorings"] = read_test_log(TEST_LOG)
    result["name"] = "speakers"
    result["environment"] = environment(f"python -m benchmarks.speakers {args.command}")
    result["seconds"] = round(time.perf_counter() - started, 1)
    write_json(RESULT, result)
    print(f"wrote {RESULT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
